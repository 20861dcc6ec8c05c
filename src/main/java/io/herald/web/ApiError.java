package io.herald.web;

/**
 * A request Herald refuses, with the status and the JSON body {@code {"error","detail"}} it gets.
 * {@code error} is a short stable phrase clients may test; {@code detail} names the field at fault.
 */
final class ApiError extends Exception {

    private final int status;
    private final String error;

    ApiError(int status, String error, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String detail() {
        return getMessage();
    }

    static ApiError badRequest(String detail) {
        return new ApiError(400, "bad request", detail);
    }
}
