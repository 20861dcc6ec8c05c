package io.herald.http;

/**
 * A request Herald refuses, with the status and the JSON body {@code {"error","detail"}} it gets.
 * {@code error} is a short stable phrase clients may test; {@code detail} names the field at fault.
 */
public final class ApiError extends Exception {

    private final int status;
    private final String error;

    public ApiError(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return getMessage();
    }

    public static ApiError badRequest(String detail) {
        return new ApiError(400, "bad request", detail);
    }
}
