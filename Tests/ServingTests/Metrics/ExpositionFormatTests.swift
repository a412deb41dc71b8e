import Serving
import XCTest

final class ExpositionFormatTests: XCTestCase {
    func testPrometheusTextUnlessOpenMetricsIsAskedFor() {
        XCTAssertEqual(ExpositionFormat.negotiated(accept: nil), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiated(accept: ""), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiated(accept: "*/*"), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiated(accept: "text/plain;version=0.0.4"), .prometheus)
    }

    func testOpenMetricsWhenPreferredOrEqual() {
        let prometheusServer = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        XCTAssertEqual(ExpositionFormat.negotiated(accept: prometheusServer), .openMetrics)
        XCTAssertEqual(ExpositionFormat.negotiated(accept: "application/openmetrics-text; version=1.0.0"), .openMetrics)
        XCTAssertEqual(ExpositionFormat.negotiated(accept: "Application/OpenMetrics-Text"), .openMetrics, "no version: the current one")
    }

    func testQualityValuesAndVersionsAreRespected() {
        XCTAssertEqual(ExpositionFormat.negotiated(accept: "text/plain;q=1, application/openmetrics-text;q=0.5"), .prometheus)
        XCTAssertEqual(ExpositionFormat.negotiated(accept: "application/openmetrics-text;q=0"), .prometheus, "q=0 refuses it")
        XCTAssertEqual(ExpositionFormat.negotiated(accept: "application/openmetrics-text;version=2.0.0"), .prometheus,
                       "a version we do not write")
    }

    func testContentTypes() {
        XCTAssertEqual(ExpositionFormat.prometheus.contentType, "text/plain; version=0.0.4; charset=utf-8")
        XCTAssertEqual(ExpositionFormat.openMetrics.contentType, "application/openmetrics-text; version=1.0.0; charset=utf-8")
    }
}
