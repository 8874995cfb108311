package io.veritrail.service.http;

/** Thrown by a handler to answer with a problem document; the service's exception mapping renders it. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, -1);
    }

    public ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds for a {@code Retry-After} header, or a negative number for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
