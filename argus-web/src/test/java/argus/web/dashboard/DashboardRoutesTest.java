package argus.web.dashboard;

import argus.web.api.WebFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The page and its static files: allow-listed, traversal-proof, CSP-clean, independently mounted. */
class DashboardRoutesTest {
    private static WebFixture web;

    @BeforeAll
    static void start() {
        web = WebFixture.start(WebFixture.settings(), null);
    }

    @AfterAll
    static void stop() throws Exception {
        web.close();
    }

    @Test
    void everyAllowListedAssetIsServedWithItsContentTypeAndCacheHeaders() {
        for (Map.Entry<String, String> e : StaticAssets.ALLOWED.entrySet()) {
            WebFixture.Resp r = web.get("/assets/" + e.getKey());
            assertThat(r.status()).as(e.getKey()).isEqualTo(200);
            assertThat(r.header("content-type")).as(e.getKey()).hasValue(e.getValue());
            assertThat(r.header("cache-control")).as(e.getKey()).hasValue("no-cache");
            assertThat(r.header("etag")).as(e.getKey()).isPresent();
            assertThat(r.header("x-content-type-options")).hasValue("nosniff");
            WebFixture.Resp again = web.get("/assets/" + e.getKey(), "If-None-Match", r.header("etag").get());
            assertThat(again.status()).as(e.getKey()).isEqualTo(304);
        }
    }

    @Test
    void thePageHasNoInlineScriptOrStyle() {
        WebFixture.Resp r = web.get("/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(r.header("cache-control")).hasValue("no-store");
        String html = r.body();
        Matcher scripts = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("src=\"/assets/");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isEqualTo(1);
        assertThat(html).doesNotContain("<style", " style=", "onclick=", "onload=", "javascript:", "{{ASSETS}}");
        for (String js : new String[] {"app.js", "api.js", "auth.js", "charts.js", "format.js", "overview.js", "quantile.js", "analytics.js"}) {
            String src = web.get("/assets/" + js).body();
            assertThat(src).as(js).doesNotContain("innerHTML", "eval(", "new Function", "setAttribute('style'",
                    "document.write");
        }
    }

    @Test
    void traversalAndUnlistedNamesAreNeverServed() throws Exception {
        String[] attempts = {
            "/assets/../pom.xml", "/assets/..%2f..%2fpom.xml", "/assets/%2e%2e/%2e%2e/etc/passwd", "/assets//etc/passwd",
            "/assets/app.js%00.txt", "/assets/C:%5cWindows%5cwin.ini", "/assets/%5c..%5c..%5cetc%5cpasswd",
            "/assets/argus/web/dashboard/app.js", "/assets/index.html", "/assets/Dashboard.class",
            "/assets/StaticAssets.class", "/assets/../../../../../../etc/passwd", "/assets/%252e%252e/%252e%252e/etc/passwd",
            "/assets/app.js/", "/assets/APP.JS", "/assets/./app.js/..", "/assets/..", "/assets/", "/assets",
            "/assets/%c0%ae%c0%ae/etc/passwd", "/assets/file:///etc/passwd", "/assets/%2fetc%2fpasswd",
            "/assets/META-INF/MANIFEST.MF", "/assets/../META-INF/MANIFEST.MF", "/assets/module-info.class",
            "/assets/app.js;.css", "/assets/app.js?../../pom.xml", "/assets/~root", "/%2e%2e/%2e%2e/etc/passwd",
            "/assets/" + "a".repeat(3000)};
        for (String target : attempts) {
            WebFixture.RawResponse r = web.raw(target);
            assertThat(r.status()).as(target).isBetween(200, 499);
            assertThat(r.body()).as(target).doesNotContain("root:", "<project", "Manifest-Version", "Exception");
            if (r.status() == 200) {
                // Only what normalises to a mounted route comes back: the page ("/assets/.." is "/") or app.js.
                assertThat(r.body()).as(target).satisfiesAnyOf(
                        b -> assertThat(b).contains("<title>Argus</title>"),
                        b -> assertThat(b).startsWith("// Argus dashboard entry point"));
            } else {
                assertThat(r.status()).as(target).isIn(400, 404);
            }
        }
    }

    @Test
    void dashboardFalseMountsNoPageNorLiveApisButKeepsMetrics() throws Exception {
        try (WebFixture w = WebFixture.start(WebFixture.settings("dashboard", "false"), null)) {
            assertThat(w.get("/").status()).isEqualTo(404);
            assertThat(w.get("/assets/app.js").status()).isEqualTo(404);
            assertThat(w.get("/api/config").status()).isEqualTo(404);
            assertThat(w.get("/api/stream").status()).isEqualTo(404);
            assertThat(w.get("/metrics").status()).isEqualTo(200);
            assertThat(w.get("/healthz").status()).isEqualTo(200);
        }
    }

    @Test
    void aCustomDashboardPathServesPageAndAssetsUnderIt() throws Exception {
        try (WebFixture w = WebFixture.start(WebFixture.settings("dashboard_path", "/ops/argus"), null)) {
            WebFixture.Resp page = w.get("/ops/argus");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("src=\"/ops/argus/assets/app.js\"");
            assertThat(w.get("/ops/argus/").status()).isEqualTo(200);
            assertThat(w.get("/ops/argus/assets/app.js").status()).isEqualTo(200);
            assertThat(w.get("/").status()).isEqualTo(404);
            assertThat(w.get("/api/config").status()).isEqualTo(200);
        }
    }

    @Test
    void unmountingTheDashboardLeavesMetricsAndHealthUntouched() throws Exception {
        try (WebFixture w = WebFixture.harness(WebFixture.settings(), null, null, argus.web.api.LiveOptions.defaults())) {
            assertThat(w.get("/").status()).isEqualTo(200);
            w.unmountDashboard();
            assertThat(w.get("/").status()).isEqualTo(404);
            assertThat(w.get("/api/config").status()).isEqualTo(404);
            assertThat(w.get("/assets/app.js").status()).isEqualTo(404);
        }
    }
}
