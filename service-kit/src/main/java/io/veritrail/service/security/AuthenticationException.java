package io.veritrail.service.security;

/** A request whose credentials are missing or not valid: answered 401, with the reason. */
public final class AuthenticationException extends Exception {
    public AuthenticationException(String message) {
        super(message);
    }
}
