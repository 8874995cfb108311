package io.veritrail.service.http;

/** What {@code GET /health} reports: UP answers 200, anything else 503. */
@FunctionalInterface
public interface HealthCheck {
    Health check();

    record Health(String status, String detail) {
        public static Health up(String detail) {
            return new Health("UP", detail);
        }

        public static Health down(String detail) {
            return new Health("DOWN", detail);
        }

        public boolean isUp() {
            return "UP".equals(status);
        }
    }
}
