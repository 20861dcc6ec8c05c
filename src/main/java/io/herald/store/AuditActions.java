package io.herald.store;

import java.util.List;

/** The names of the acts the audit trail records (its {@code action} column, the console's filter, the API's). */
public final class AuditActions {

    public static final String SIGN_IN = "sign-in";
    public static final String BROADCAST = "broadcast";
    public static final String ANNOUNCE = "announce";
    public static final String WITHDRAW = "withdraw";
    public static final String REPUBLISH = "republish";
    public static final String KICK = "kick";
    public static final String BAN = "ban";
    public static final String UNBAN = "unban";
    public static final String RULE_CREATE = "rule-create";
    public static final String RULE_CHANGE = "rule-change";
    public static final String RULE_DELETE = "rule-delete";
    public static final String KEY_CREATE = "key-create";
    public static final String KEY_REVOKE = "key-revoke";
    public static final String USER_SIGN_OUT = "user-sign-out";

    /** Every action, in the order the console lists them. */
    public static final List<String> ALL = List.of(SIGN_IN, BROADCAST, ANNOUNCE, WITHDRAW, REPUBLISH, KICK, BAN, UNBAN,
            RULE_CREATE, RULE_CHANGE, RULE_DELETE, KEY_CREATE, KEY_REVOKE, USER_SIGN_OUT);

    private AuditActions() {
    }
}
