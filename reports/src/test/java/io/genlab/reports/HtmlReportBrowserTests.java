package io.genlab.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report in headless Chromium (offline, as a file) and checks what ECharts drew: every chart has
 * the series and points the report put in it, SVG paths were drawn, and no script failed. Skipped when
 * Chromium is not installed, unless GENLAB_BROWSER_REQUIRED is set; the screenshot is kept under
 * target/browser/ for people to look at.
 */
class HtmlReportBrowserTests {
  private static final String REQUIRED_ENV = "GENLAB_BROWSER_REQUIRED";

  @TempDir static Path root;
  private static Path chromium;
  private static Path report;

  @BeforeAll
  static void writeReport() {
    Optional<Path> found = chromium();
    if (found.isEmpty()) {
      String why = "chromium is not installed (apt-get install -y chromium); the real-browser check of HTML reports"
          + " did not run";
      if (System.getenv(REQUIRED_ENV) != null) {
        fail(why + ", and " + REQUIRED_ENV + " is set");
      }
      assumeTrue(false, why);
    }
    chromium = found.get();
    Tracker tracker = Trackers.fileStore(root.resolve("mlruns"));
    ReportFixture.write(tracker);
    report = HtmlReport.builder().experiment(ReportFixture.EXPERIMENT).build().write(tracker, root.resolve("report.html"));
  }

  @Test
  void everyChartIsDrawnWithItsSeriesAndPointsAndNoScriptFails() throws Exception {
    String dom = run("--dump-dom", report.toUri().toString());
    Document doc = Jsoup.parse(dom);
    assertThat(doc.body().attr("data-drawn")).as("the drawing script ran to its end").isEqualTo("true");
    assertThat(doc.getElementById("script-errors").text()).as("script errors").isEmpty();
    List<Element> charts = doc.select("div.chart");
    assertThat(charts).extracting(Element::id).containsExactly("curve-0", "sweep-0");
    for (Element chart : charts) {
      assertThat(chart.attr("data-series")).as(chart.id() + " series").isEqualTo(chart.attr("data-expected-series"));
      assertThat(chart.attr("data-points")).as(chart.id() + " points").isEqualTo(chart.attr("data-expected-points"));
      assertThat(Integer.parseInt(chart.attr("data-paths"))).as(chart.id() + " SVG paths").isPositive();
      assertThat(chart.select("svg")).as(chart.id() + " renderer").isNotEmpty();
    }
    // Independent of what the page says it expects: the fixture's 4 curves + mean + band, and 3 trials.
    assertThat(doc.getElementById("curve-0").attr("data-series")).isEqualTo("7");
    assertThat(doc.getElementById("curve-0").attr("data-points")).isEqualTo("70");
    assertThat(doc.getElementById("sweep-0").attr("data-points")).isEqualTo("3");
    // The hostile run name was drawn as text (the legend), and made no element.
    assertThat(doc.select("img[src=x]")).isEmpty();
    assertThat(doc.getElementById("curve-0").text()).contains(ReportFixture.HOSTILE);
  }

  @Test
  void screenshotIsKeptUnderTarget() throws Exception {
    Path shot = Path.of("target", "browser", "html-report.png").toAbsolutePath();
    Files.createDirectories(shot.getParent());
    Files.deleteIfExists(shot);
    run("--screenshot=" + shot, "--window-size=1400,2400", report.toUri().toString());
    assertThat(shot).exists();
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  /** Runs headless Chromium with a fresh profile and no network use; returns its standard output. */
  private static String run(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(root, "profile");
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
    command.addAll(List.of(args));
    Path out = root.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = root.resolve("chromium-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 120 s: " + Files.readString(err, StandardCharsets.UTF_8));
    }
    assertThat(p.exitValue()).as("chromium exit status; stderr: " + Files.readString(err, StandardCharsets.UTF_8))
        .isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static Optional<Path> chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
