package io.herald.config;

/** A setting's value is unusable; the message starts with the setting's name. Herald does not start. */
public final class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String setting, String problem) {
        super(setting + " " + problem);
    }
}
