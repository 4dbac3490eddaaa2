package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report read back as XML: what a reader sees in each chart and table, and that it fetches nothing. */
class HtmlReportTest {
    private static final RunDescription RUN = new RunDescription(Instant.parse("2026-12-04T18:30:00Z"), 2,
            "Eclipse Adoptium 25.0.3", "Linux 6.1 amd64", "wrk", 64, Duration.ofSeconds(10), Duration.ofSeconds(20),
            "started by the bench, both", true, 10_000);

    private static Result result(String scenario, String backend, double opsPerS, double p50, long errors) {
        return new Result(scenario, backend, "wrk", 64, 20, (long) (opsPerS * 20), opsPerS, p50, p50 * 2, p50 * 4,
                p50 * 8, p50 * 10, errors, null, null, Map.of());
    }

    private static List<Result> results() {
        List<Result> results = new ArrayList<>();
        for (String backend : List.of("sqlite", "postgresql")) {
            Result floor = result("floor", backend, 40_000, 1.5, 0);
            Result baseline = result("baseline", backend, 20_000, 3, 0);
            results.add(floor.withRatiosTo(floor, null));
            results.add(baseline.withRatiosTo(floor, baseline));
            results.add(result("read-token", backend, 16_000, 4, 0).withRatiosTo(floor, baseline));
            results.add(result("write", backend, 4_000, 15, backend.equals("sqlite") ? 3 : 0)
                    .withRatiosTo(floor, baseline));
        }
        return results;
    }

    @Test
    void throughputBars_perBackend_showEachScenariosRatioToTheFloor() throws Exception {
        Document report = parse(HtmlReport.render(RUN, results()));

        List<Element> figures = byClass(report, "figure", "bars");
        assertThat(figures).extracting(f -> f.getAttribute("data-backend")).containsExactly("sqlite", "postgresql");
        List<Element> bars = byClass(figures.getFirst(), "g", "bar");
        assertThat(bars).extracting(b -> b.getAttribute("data-scenario"))
                .containsExactly("floor", "baseline", "read-token", "write");
        assertThat(bars).extracting(b -> b.getAttribute("data-ratio-to-floor"))
                .containsExactly("1.000", "0.500", "0.400", "0.100");
        assertThat(bars.get(2).getTextContent()).contains("read-token").contains("0.400× floor")
                .contains("16,000/s");
        assertThat(bars.get(3).getTextContent()).contains("3 errors");
        // bar lengths in proportion to the ratios
        double floorWidth = width(bars.get(0));
        assertThat(width(bars.get(2)) / floorWidth).isBetween(0.39, 0.41);
    }

    @Test
    void latencyCurves_carryP50ToMax_forEveryScenario() throws Exception {
        Document report = parse(HtmlReport.render(RUN, results()));

        List<Element> curves = byClass(byClass(report, "figure", "curves").get(1), "g", "curve");
        assertThat(curves).extracting(c -> c.getAttribute("data-scenario"))
                .containsExactly("floor", "baseline", "read-token", "write");
        Element write = curves.get(3);
        assertThat(write.getAttribute("data-p50-ms")).isEqualTo("15.000");
        assertThat(write.getAttribute("data-p90-ms")).isEqualTo("30.000");
        assertThat(write.getAttribute("data-p99-ms")).isEqualTo("60.000");
        assertThat(write.getAttribute("data-p999-ms")).isEqualTo("120.000");
        assertThat(write.getAttribute("data-max-ms")).isEqualTo("150.000");
        String[] points = ((Element) write.getElementsByTagName("polyline").item(0)).getAttribute("points")
                .split(" ");
        assertThat(points).hasSize(5);
        // a higher latency is drawn higher up (a smaller y)
        assertThat(y(points[4])).isLessThan(y(points[0]));
    }

    @Test
    void theSettingsAndTheRawTable_areThere_andNothingIsFetched() throws Exception {
        String html = HtmlReport.render(RUN, results());
        Document report = parse(html);

        NodeList settings = report.getElementsByTagName("td");
        var named = new java.util.HashMap<String, String>();
        for (int i = 0; i < settings.getLength(); i++) {
            Element cell = (Element) settings.item(i);
            if (cell.hasAttribute("data-setting")) {
                named.put(cell.getAttribute("data-setting"), cell.getTextContent());
            }
        }
        assertThat(named).containsEntry("date", "2026-12-04T18:30:00Z").containsEntry("cores", "2")
                .containsEntry("JDK", "Eclipse Adoptium 25.0.3").containsEntry("load driver", "wrk")
                .containsEntry("duration", "20 s").containsEntry("warm-up", "10 s");
        List<Element> rows = children(byClass(report, "table", "raw").getFirst().getElementsByTagName("tr"));
        assertThat(rows).hasSize(1 + 8); // the header row, then one per result
        assertThat(rows.get(1).getTextContent()).startsWith("floorsqlitewrk40,0001.000-");
        assertThat(rows.get(3).getTextContent()).startsWith("read-tokensqlitewrk16,0000.4000.800");
        assertThat(byClass(report, "tr", "failed")).hasSize(1);
        // the SVG namespace is a name, not a fetch: nothing else may name a place to load from
        assertThat(html).doesNotContain("https://", "<script", "<link", "src=", "href=", "url(", "@import");
    }

    private static double width(Element bar) {
        return Double.parseDouble(((Element) bar.getElementsByTagName("rect").item(0)).getAttribute("width"));
    }

    private static double y(String point) {
        return Double.parseDouble(point.split(",")[1]);
    }

    static Document parse(String html) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> byClass(Document document, String tag, String cssClass) {
        return withClass(document.getElementsByTagName(tag), cssClass);
    }

    static List<Element> byClass(Element element, String tag, String cssClass) {
        return withClass(element.getElementsByTagName(tag), cssClass);
    }

    private static List<Element> withClass(NodeList nodes, String cssClass) {
        return children(nodes).stream()
                .filter(e -> List.of(e.getAttribute("class").split(" ")).contains(cssClass)).toList();
    }

    private static List<Element> children(NodeList nodes) {
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }
}
