package io.herald.web;

import com.google.gson.JsonObject;
import io.herald.store.StoredMessage;

/** Owns how the API shows a stored message in JSON (a publish's answer, a history row). */
final class MessageJson {

    private MessageJson() {
    }

    /**
     * {@code {"id":7,"channel":"orders","event":"created","data":"...","createdAt":"2026-11-21T13:00:00Z",
     * "publisher":"apikey:erp"}}: the publisher is a user, {@code apikey:NAME} or {@code outbox:NAME}; null
     * where publishing was open, and for messages stored before Herald kept it.
     */
    static JsonObject of(StoredMessage m) {
        JsonObject o = new JsonObject();
        o.addProperty("id", m.id());
        o.addProperty("channel", m.channel());
        o.addProperty("event", m.event());
        o.addProperty("data", m.data());
        o.addProperty("createdAt", m.createdAt().toString());
        o.addProperty("publisher", m.publisher());
        return o;
    }
}
