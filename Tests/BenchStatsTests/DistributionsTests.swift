import XCTest
import BenchStats

final class DistributionsTests: XCTestCase {
    func testNormalMatchesSciPy() {
        for (i, z) in Reference.normalZ.enumerated() {
            assertRelativelyClose(StandardNormal.cdf(z), Reference.normalCdf[i], tolerance: 1e-13)
            assertRelativelyClose(StandardNormal.sf(z), Reference.normalSf[i], tolerance: 1e-13)
        }
        for (i, p) in Reference.normalP.enumerated() {
            assertClose(StandardNormal.quantile(p), Reference.normalQuantile[i], tolerance: 1e-13)
        }
        XCTAssertEqual(StandardNormal.quantile(0), -.infinity)
        XCTAssertTrue(StandardNormal.quantile(1.5).isNaN)
    }

    func testStudentTMatchesSciPy() {
        for c in Reference.studentTCases {
            assertRelativelyClose(StudentT.cdf(c.t, df: c.df), c.cdf, tolerance: 1e-11, "t=\(c.t) df=\(c.df)")
            assertRelativelyClose(StudentT.sf(c.t, df: c.df), c.sf, tolerance: 1e-11, "t=\(c.t) df=\(c.df)")
        }
        for c in Reference.studentTQuantiles {
            assertClose(StudentT.quantile(c.p, df: c.df), c.quantile, tolerance: 1e-10, "p=\(c.p) df=\(c.df)")
        }
    }
}
