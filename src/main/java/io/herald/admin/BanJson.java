package io.herald.admin;

import com.google.gson.JsonObject;
import io.herald.store.Ban;

/** Owns how the admin API shows a ban in JSON. */
final class BanJson {

    private BanJson() {
    }

    /** {@code {"id":3,"user":"mallory","address":null,"reason":"…","createdBy":"admin","createdAt":"…"}} */
    static JsonObject of(Ban b) {
        JsonObject o = new JsonObject();
        o.addProperty("id", b.id());
        o.addProperty("user", b.user());
        o.addProperty("address", b.address());
        o.addProperty("reason", b.reason());
        o.addProperty("createdBy", b.createdBy());
        o.addProperty("createdAt", b.createdAt().toString());
        return o;
    }
}
