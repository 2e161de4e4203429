package io.progressivetrust.runtime;

/** Configuration an operator must fix before the application can start; the message says how. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
