package io.genlab.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genlab.tracking.Tracker;
import io.genlab.tracking.Trackers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTests {
  @TempDir Path root;
  private Tracker tracker;

  @BeforeEach
  void store() {
    tracker = Trackers.fileStore(root.resolve("mlruns"));
    ReportFixture.write(tracker);
  }

  private Document page() {
    return Jsoup.parse(HtmlReport.builder().experiment(ReportFixture.EXPERIMENT).build().render(tracker));
  }

  @Test
  void hostileRunTextStaysText() {
    String html = HtmlReport.builder().experiment(ReportFixture.EXPERIMENT).build().render(tracker);
    assertThat(html.contains("<img src=x") || html.contains("onerror=alert(1)>")).isFalse();
    Document doc = Jsoup.parse(html);
    assertThat(doc.select("img[src=x]")).isEmpty();
    assertThat(doc.select("img")).allSatisfy(img -> assertThat(img.attr("src")).startsWith("data:image/png;base64,"));
    // Shown as text where it belongs: the configuration label and the chart data.
    assertThat(doc.select("#final td").eachText()).anyMatch(t -> t.contains(ReportFixture.HOSTILE));
    assertThat(doc.getElementById("curve-0-option").data()).contains("\\u003c/script\\u003e\\u003cimg");
    // Only the page's own scripts: the error hook, ECharts, 2 chart options, the drawing.
    assertThat(doc.select("script")).hasSize(5);
  }

  @Test
  void finalTableShowsMeanAndIntervalOverSeedsBesideThePaper() {
    Document doc = page();
    Element paper = doc.selectFirst("#final tr.paper");
    assertThat(paper.text()).contains("86.76 (Kingma & Welling 2014 <b>Fig. 2</b>)");
    Element small = doc.select("#final tbody tr").stream().filter(r -> r.child(0).text().contains("latentDim=8"))
        .findFirst().orElseThrow();
    assertThat(small.child(1).text()).startsWith("3 small-s1 (").contains("small-s3 (");
    assertThat(small.selectFirst("td[data-metric=test/neg_elbo]").text())
        .isEqualTo("102.0 ± 2.5 (n=3) Δ +15.24");
  }

  @Test
  void aRunMissingAMetricGetsAnEmptyCellAndANote() {
    Document doc = page();
    Element hostile = doc.select("#final tbody tr").stream().filter(r -> r.child(0).text().contains("latentDim=32"))
        .findFirst().orElseThrow();
    assertThat(hostile.selectFirst("td[data-metric=test/neg_elbo]").text()).isEmpty();
    // Runs logged test metrics, so the table holds those; training metrics are in the curves, and a note says so.
    assertThat(hostile.selectFirst("td[data-metric=train/loss]")).isNull();
    assertThat(doc.text()).contains("the table shows the final test metrics; 1 training, timing and other metrics");
    assertThat(doc.select("ul.missing li").eachText()).hasSize(1)
        .contains("test/neg_elbo: not logged by " + ReportFixture.HOSTILE + " ("
            + tracker.runs(ReportFixture.EXPERIMENT).stream().filter(r -> r.runName().equals(ReportFixture.HOSTILE))
                .findFirst().orElseThrow().runId().substring(0, 8) + ")");
  }

  @Test
  void chartsKnowTheirSeriesAndPoints() {
    Document doc = page();
    // train/loss: 4 runs, the 3-seed mean, and its band (2 stacked series), 10 steps each.
    Element curve = doc.getElementById("curve-0");
    assertThat(curve.attr("title")).isEqualTo("train/loss");
    assertThat(curve.attr("data-expected-series")).isEqualTo("7");
    assertThat(curve.attr("data-expected-points")).isEqualTo("70");
    // The sweep: lr against the objective, finished trials and the one ASHA stopped.
    Element sweep = doc.getElementById("sweep-0");
    assertThat(sweep.attr("title")).isEqualTo("lr-sweep: lr against test/neg_elbo");
    assertThat(sweep.attr("data-expected-series")).isEqualTo("2");
    assertThat(sweep.attr("data-expected-points")).isEqualTo("3");
    assertThat(doc.getElementById("sweep-0-option").data()).contains("trial-2, stopped after rung 3");
    assertThat(doc.select("div.chart")).hasSize(2);
  }

  @Test
  void samplesAreInlinedAndTheirNumberBounded() {
    assertThat(page().select(".grids img")).hasSize(4);
    Document bounded = Jsoup.parse(HtmlReport.builder().experiment(ReportFixture.EXPERIMENT).maxGridRuns(2).build()
        .render(tracker));
    assertThat(bounded.select(".grids figcaption").eachText()).hasSize(2)
        .allMatch(t -> t.startsWith("small-s3") || t.startsWith(ReportFixture.HOSTILE));
    assertThat(bounded.select("li.note").eachText()).anyMatch(t -> t.contains("latest 2 of 4 runs with grids"));
  }

  @Test
  void writesOneFileWithEchartsInlinedAndNothingToFetch() throws Exception {
    Path file = HtmlReport.builder().experiment(ReportFixture.EXPERIMENT).build().write(tracker, root.resolve("r/report.html"));
    String html = Files.readString(file);
    assertThat(html.contains("echarts.init(")).isTrue();
    assertThat(html.contains("src=\"http") || html.contains("<link")).isFalse();
    Document doc = Jsoup.parse(html);
    assertThat(doc.select("script[src], link[href]")).isEmpty();
    assertThat(doc.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content")).startsWith("default-src 'none'");
  }

  @Test
  void aDisagreeingPaperValueIsNoted() {
    var run = tracker.startRun(ReportFixture.EXPERIMENT, "other-paper", null);
    run.setTag("genlab.paper.test/neg_elbo", "80");
    run.end(io.genlab.tracking.RunStatus.FINISHED);
    assertThat(page().select("li.note").eachText())
        .anyMatch(t -> t.contains("other-paper names another paper value of test/neg_elbo (80)"));
    assertThat(page().selectFirst("#final tr.paper").text()).contains("86.76");
  }

  @Test
  void anUnknownExperimentNamesTheExistingOnes() {
    assertThatThrownBy(() -> HtmlReport.builder().experiment("vea").build().render(tracker))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no experiment 'vea'")
        .hasMessageContaining("vae");
  }

  @Test
  void intervalsShowTwoSignificantDigitsAndTheMeanToTheSamePlace() {
    assertThat(HtmlPage.withInterval(101.97, 2.48414)).isEqualTo("102.0 &plusmn; 2.5");
    assertThat(HtmlPage.withInterval(0.12, 0.0248414)).isEqualTo("0.120 &plusmn; 0.025");
    assertThat(HtmlPage.withInterval(4123.4, 37.2)).isEqualTo("4123 &plusmn; 37");
  }
}
