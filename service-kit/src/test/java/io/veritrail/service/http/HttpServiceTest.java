package io.veritrail.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class HttpServiceTest {
    private static HttpService start() {
        return HttpService.start("127.0.0.1", 0, HttpService.DEFAULT_MAX_REQUEST_BYTES,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> HealthCheck.Health.up("test"),
                routes -> routes.get("/v1/ping", ctx -> ctx.result("pong")));
    }

    /**
     * Javalin builds each servlet's request settings on the first request, in a lazy value without a lock; two first
     * requests at once can make it fail with an empty 500 (seen in the benchmark, not reproducible on demand). The
     * service makes that first request itself: when start returns, the HTTP servlet's settings are built. If a
     * Javalin upgrade renames these fields, this fails: then check whether the workaround is still needed.
     */
    @Test
    void theFrameworksFirstRequestSettingsAreBuiltBeforeStartReturns() throws Exception {
        try (HttpService service = start()) {
            Object jettyServlet = service.javalin().javalinServlet();
            Field inner = jettyServlet.getClass().getDeclaredField("httpServlet");
            inner.setAccessible(true);
            assertThat(lazyInitialized(inner.get(jettyServlet))).as("HTTP servlet's settings").isTrue();
        }
    }

    private static boolean lazyInitialized(Object servlet) throws ReflectiveOperationException {
        Field field = servlet.getClass().getDeclaredField("servletContextConfig$delegate");
        field.setAccessible(true);
        Object lazy = field.get(servlet);
        return (Boolean) lazy.getClass().getMethod("isInitialized").invoke(lazy);
    }
}
