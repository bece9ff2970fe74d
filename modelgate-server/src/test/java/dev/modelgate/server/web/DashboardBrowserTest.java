package dev.modelgate.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.modelgate.server.store.Event;
import dev.modelgate.server.store.TokenStore.Role;
import dev.modelgate.server.testhub.GatewayHarness;
import dev.modelgate.server.testhub.WithHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: Debian's chromium driven headless through chromedriver,
 * against a gateway started here over the fixture Hub, with one real refusal (the malicious
 * pickle of acme/evil-bin) and fixture events whose names carry markup. One browser for the
 * class; the tests run in order because they share its sign-in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest extends WithHub {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target/screenshots");
  static final String SCRIPT = "<script>window.xss=1</script>.bin";
  static final String IMG = "\"><img src=x onerror=window.xss=2>";
  static final String JS_URL = "javascript:window.xss=3";
  static final String TEMPLATE = "{{ '<script>window.xss=4</script>' }}";

  @TempDir
  static Path dir;
  static GatewayHarness g;
  static ChromeDriver web;
  static String admin;
  static String reader;
  static long hostile;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the dashboard browser test needs Debian's chromium and chromium-driver "
        + "(/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them");
    g = new GatewayHarness(hub, dir).start();
    admin = g.gw.store().tokens().create("reviewer", Role.ADMIN);
    reader = g.gw.store().tokens().create("viewer", Role.READ);
    // a real refusal: the proxy scans the malicious pickle and writes the event
    assertThat(g.get("/acme/evil-bin/resolve/main/pytorch_model.bin").statusCode())
        .isEqualTo(403);
    // some traffic for the chart: clean downloads (a miss, then hits) and another refusal
    for (int i = 0; i < 3; i++) {
      assertThat(g.get("/acme/clean-model/resolve/main/config.json").statusCode())
          .isEqualTo(200);
    }
    assertThat(g.get("/acme/evil-bin/resolve/main/pytorch_model.bin").statusCode())
        .isEqualTo(403);
    // the hourly counters reach the database every few seconds; the chart reads them there
    g.gw.store().counters().flush();
    String findings = "[{\"rule\":\"pickle.global.dangerous\",\"severity\":\"critical\","
        + "\"message\":" + q(IMG) + ",\"location\":" + q("tensor " + SCRIPT) + ",\"evidence\":"
        + q(TEMPLATE + " " + JS_URL) + ",\"path\":" + q(SCRIPT) + "}]";
    hostile = g.gw.store().events().append(Event.of("refused").client("127.0.0.1", IMG)
        .file("acme/odd-names", JS_URL, "0".repeat(40), SCRIPT).blob("ab".repeat(32), 10L,
            "pickle").verdict("malicious", true, IMG, findings).detail(TEMPLATE).build());
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions o = new ChromeOptions().setBinary(CHROMIUM.toFile());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1280,1000");
    web = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), o);
    web.manage().timeouts().implicitlyWait(Duration.ofSeconds(10));
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() {
    if (web != null) {
      web.quit();
    }
    if (g != null) {
      g.close();
    }
  }

  private static String q(String s) {
    return dev.modelgate.json.JsonWriter.write(s, false);
  }

  private static void open(String path) {
    web.get(g.url() + path);
  }

  /**
   * Clicks something that loads a new page and waits until the new page has loaded: a find right
   * after a plain click can still see the old page's elements, which go stale under it. The old
   * page is marked with a window property that a new document does not have; while the browser is
   * between documents a script can fail in several ways (stale node, "node does not belong to the
   * document", no such execution context), and each of those only means "not yet".
   */
  private static void clickAndLoad(WebElement e) {
    web.executeScript("window.mgOldPage = true");
    e.click();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!loaded()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no new page loaded within 30 s of the click");
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new AssertionError(ie);
      }
    }
  }

  private static boolean loaded() {
    try {
      return Boolean.TRUE.equals(web.executeScript(
          "return window.mgOldPage === undefined && document.readyState === 'complete'"));
    } catch (WebDriverException between) {
      return false;
    }
  }

  private static void signIn(String token) {
    web.manage().deleteAllCookies();
    open("/ui/signin");
    web.findElement(By.id("token")).sendKeys(token);
    clickAndLoad(web.findElement(By.id("signin")));
    web.findElement(By.id("chart"));
  }

  private static void shot(String name) throws Exception {
    Files.copy(web.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static void noScriptRan() {
    assertThat(web.executeScript("return window.xss === undefined")).isEqualTo(true);
    assertThat(web.findElements(By.cssSelector("main img, main script"))).isEmpty();
  }

  @Test
  @Order(1)
  void anUnsignedVisitIsSentToSignIn() {
    web.manage().deleteAllCookies();
    open("/");
    assertThat(web.getCurrentUrl()).endsWith("/ui/signin");
    web.findElement(By.id("token")).sendKeys("not-a-token");
    clickAndLoad(web.findElement(By.id("signin")));
    assertThat(web.findElement(By.id("error")).getText()).contains("not valid");
  }

  @Test
  @Order(2)
  void theOverviewShowsTheChartAndTheFigures() throws Exception {
    signIn(admin);
    WebElement chart = web.findElement(By.id("chart"));
    assertThat(chart.findElements(By.cssSelector("polyline"))).hasSize(3);
    assertThat(web.findElement(By.cssSelector("[data-card='requests']")).getText())
        .isNotIn("", "0");
    assertThat(web.findElement(By.cssSelector("[data-card='blocked']")).getText())
        .isNotIn("", "0");
    assertThat(web.findElement(By.cssSelector("[data-card='cache hit rate']")).getText())
        .isNotEmpty();
    assertThat(web.findElement(By.cssSelector("[data-card='upstream']")).getText())
        .isEqualTo("healthy");
    assertThat(web.findElements(By.cssSelector("#events td.file"))).extracting(
        WebElement::getText).contains("pytorch_model.bin", SCRIPT);
    var cookie = web.manage().getCookieNamed("modelgate_token");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    noScriptRan();
    shot("dashboard-overview.png");
  }

  @Test
  @Order(3)
  void theEventFiltersNarrowTheTable() {
    open("/ui/events");
    web.findElement(By.id("f-repo")).sendKeys("acme/evil-bin");
    clickAndLoad(web.findElement(By.id("apply")));
    List<String> repos = web.findElements(By.cssSelector("#events td.repo")).stream()
        .map(WebElement::getText).toList();
    assertThat(repos).isNotEmpty().containsOnly("acme/evil-bin");
    open("/ui/events?verdict=no-such-verdict");
    assertThat(web.findElement(By.id("no-events")).getText()).isEqualTo("No events.");
    open("/ui/events?blocked=true");
    assertThat(web.findElements(By.cssSelector("#events tbody tr"))).allSatisfy(tr ->
        assertThat(tr.getAttribute("class")).contains("blocked"));
  }

  @Test
  @Order(4)
  void theFindingViewShowsTheMaliciousPicklesEvidence() throws Exception {
    open("/ui/events?repo=acme/evil-bin&blocked=true");
    clickAndLoad(web.findElement(By.cssSelector("#events tbody tr a")));
    assertThat(web.findElement(By.cssSelector("[data-fact='verdict']")).getText())
        .isEqualTo("malicious");
    assertThat(web.findElement(By.cssSelector("[data-fact='sha256']")).getText())
        .matches("[0-9a-f]{64}");
    assertThat(web.findElement(By.cssSelector("[data-fact='blocked because']")).getText())
        .isNotEmpty();
    List<String> rules = web.findElements(By.cssSelector("#findings td.rule")).stream()
        .map(WebElement::getText).toList();
    assertThat(rules).anyMatch(r -> r.startsWith("pickle."));
    assertThat(web.findElements(By.cssSelector("#findings pre.evidence")).stream()
        .map(WebElement::getText).filter(t -> !t.isBlank())).isNotEmpty();
    assertThat(web.findElement(By.cssSelector("[data-fact='blocks']")).getText())
        .contains("malicious");
    shot("dashboard-finding.png");
  }

  @Test
  @Order(5)
  void hostileNamesRenderAsText() throws Exception {
    open("/ui/events/" + hostile);
    assertThat(web.findElement(By.cssSelector("[data-fact='file']")).getText()).isEqualTo(SCRIPT);
    assertThat(web.findElement(By.cssSelector("[data-fact='revision']")).getText())
        .isEqualTo(JS_URL);
    assertThat(web.findElement(By.cssSelector("[data-fact='blocked because']")).getText())
        .isEqualTo(IMG);
    assertThat(web.findElement(By.cssSelector("[data-fact='detail']")).getText())
        .isEqualTo(TEMPLATE);
    assertThat(web.findElement(By.cssSelector("#findings pre.evidence")).getText())
        .isEqualTo(TEMPLATE + " " + JS_URL);
    assertThat(web.findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
    noScriptRan();
    open("/ui/events?repo=acme/odd-names");
    assertThat(web.findElement(By.cssSelector("#events td.file")).getText()).isEqualTo(SCRIPT);
    noScriptRan();
  }

  @Test
  @Order(6)
  void anAdminReleasesAFileWithAReasonAndTheEventAppears() throws Exception {
    open("/ui/review");
    WebElement form = web.findElements(By.cssSelector("form.release")).stream()
        .filter(f -> f.getText().contains("acme/evil-bin")).findFirst().orElseThrow();
    // the reason is mandatory: the browser does not submit the form without it
    form.findElement(By.cssSelector("button")).click();
    assertThat(web.findElements(By.cssSelector("#decisions tbody tr"))).isEmpty();
    form.findElement(By.name("reason")).sendKeys("reviewed: test fixture " + IMG);
    clickAndLoad(form.findElement(By.cssSelector("button")));
    WebElement row = web.findElement(By.cssSelector("#decisions tr[data-decision]"));
    assertThat(row.getText()).contains("release", "acme/evil-bin", IMG);
    open("/ui/events?kind=decision");
    assertThat(web.findElement(By.cssSelector("#events td.repo")).getText())
        .isEqualTo("acme/evil-bin");
    noScriptRan();
    // the decision changed what the proxy serves
    assertThat(g.get("/acme/evil-bin/resolve/main/pytorch_model.bin").statusCode())
        .isEqualTo(200);
  }

  @Test
  @Order(7)
  void aStateChangeWithoutTheCsrfTokenIsRefused() {
    open("/ui/review");
    Object status = web.executeAsyncScript("var done = arguments[0];"
        + "fetch('/v1/decisions', {method: 'POST', headers: {'Content-Type': "
        + "'application/json'}, body: '{\"kind\":\"allow\",\"org\":\"acme\",\"pattern\":"
        + "\"os.system\",\"reason\":\"x\"}'}).then(function (r) { done(r.status); });");
    assertThat(status).isEqualTo(403L);
  }

  @Test
  @Order(8)
  void aFileDroppedOnTheScanPageGetsItsVerdict() throws Exception {
    Path f = dir.resolve(IMG.replace('/', '_') + ".pkl");
    Files.copy(GatewayHarness.HUB_ROOT.resolve("acme/evil-bin/pytorch_model.bin"), f);
    open("/ui/scan");
    web.findElement(By.id("scan-file")).sendKeys(f.toAbsolutePath().toString());
    WebElement v = web.findElement(By.id("scan-verdict"));
    for (int i = 0; i < 100 && !v.getText().contains(": "); i++) {
      Thread.sleep(100);
    }
    assertThat(v.getText()).startsWith(f.getFileName().toString()).contains("malicious");
    assertThat(web.findElements(By.cssSelector("#scan-findings tr"))).isNotEmpty();
    noScriptRan();
  }

  @Test
  @Order(9)
  void aReaderCannotReviewOrRelease() {
    signIn(reader);
    assertThat(web.findElements(By.linkText("Quarantine review"))).isEmpty();
    open("/ui/review");
    assertThat(web.findElement(By.id("forbidden")).getText()).contains("admin role");
    Object status = web.executeAsyncScript("var done = arguments[0];"
        + "var csrf = document.querySelector('meta[name=\"csrf-token\"]').content;"
        + "fetch('/v1/decisions', {method: 'POST', headers: {'Content-Type': "
        + "'application/json', 'X-CSRF-Token': csrf}, body: '{\"kind\":\"allow\",\"org\":"
        + "\"acme\",\"pattern\":\"os.system\",\"reason\":\"x\"}'}).then(function (r) {"
        + " done(r.status); });");
    assertThat(status).isEqualTo(403L);
  }
}
