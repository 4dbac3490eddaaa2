package dev.arca.sdk;

/** The client is set up wrongly (a plain-HTTP address for a remote host, a missing vault…); nothing was sent. */
public class ConfigurationException extends ArcaException {
    /** An exception naming the setting that is wrong and how to fix it. */
    public ConfigurationException(String message) {
        super(message);
    }
}
