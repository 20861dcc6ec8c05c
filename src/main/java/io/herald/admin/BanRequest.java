package io.herald.admin;

/** The rules for a ban typed by hand or sent to the API. */
final class BanRequest {

    private BanRequest() {
    }

    /** What is wrong with the ban, or null when it can be stored. */
    static String problem(String user, String address, String reason) {
        if ((user == null) == (address == null)) {
            return "Name either a user or an address to ban, not both or neither.";
        }
        if (user != null && (user.length() > 256 || hasControl(user))) {
            return "User must be at most 256 characters with no control characters.";
        }
        if (address != null && (address.length() > 64 || !address.matches("[0-9A-Fa-f:.%a-zA-Z]+"))) {
            return "Address must be an IP address as the container reports it (e.g. 10.1.2.3 or 0:0:0:0:0:0:0:1).";
        }
        if (reason == null || reason.length() > 1000) {
            return "A ban needs a reason of at most 1,000 characters.";
        }
        return null;
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
