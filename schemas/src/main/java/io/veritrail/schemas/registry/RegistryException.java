package io.veritrail.schemas.registry;

/** A registry call that failed, with the HTTP status and Confluent error code when the registry gave one. */
public class RegistryException extends RuntimeException {
    private final int status;
    private final int errorCode;

    public RegistryException(String message, int status, int errorCode) {
        super(message + " (HTTP " + status + (errorCode > 0 ? ", error " + errorCode : "") + ")");
        this.status = status;
        this.errorCode = errorCode;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.errorCode = -1;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }
}
