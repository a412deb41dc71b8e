/// Packing copies blocks of A and B into the contiguous, zero-padded panel layouts the
/// micro-kernel streams through, so its loads are sequential and cache-resident.

/// Packs rows [0, mc) × columns [0, kc) of A (row stride lda) into ⌈mc/6⌉ panels of 6×kc;
/// panel r holds element (i, p) at `dst[r * 6 * kc + p * 6 + i]`; rows past mc are zero.
func packA(mc: Int, kc: Int, a: UnsafePointer<Float>, lda: Int, into dst: UnsafeMutablePointer<Float>) {
    var panel = dst
    var i0 = 0
    while i0 < mc {
        let rows = min(gemmMR, mc - i0)
        if rows == gemmMR {
            let r0 = a + i0 * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda
            for p in 0..<kc {
                let d = panel + p * gemmMR
                d[0] = r0[p]; d[1] = r1[p]; d[2] = r2[p]; d[3] = r3[p]; d[4] = r4[p]; d[5] = r5[p]
            }
        } else {
            for p in 0..<kc {
                for i in 0..<gemmMR { panel[p * gemmMR + i] = i < rows ? a[(i0 + i) * lda + p] : 0 }
            }
        }
        panel += gemmMR * kc
        i0 += gemmMR
    }
}

/// Packs rows [0, kc) × columns [0, nc) of B (row stride ldb) into ⌈nc/16⌉ panels of kc×16;
/// panel s holds element (p, j) at `dst[s * 16 * kc + p * 16 + j]`; columns past nc are zero.
/// B is read eight rows at a time along the rows (eight long sequential streams the hardware
/// prefetcher follows), not panel by panel down the columns: with a row stride that is a
/// multiple of 4 KiB, a panel's rows share one L1 set and each sits on its own page, which made
/// packing cost more than the multiply at m = 8.
func packB(kc: Int, nc: Int, b: UnsafePointer<Float>, ldb: Int, into dst: UnsafeMutablePointer<Float>) {
    let fullPanels = nc / gemmNR
    var p0 = 0
    while p0 < kc {
        let rows = min(packBRowGroup, kc - p0)
        for s in 0..<fullPanels {
            let src = b + p0 * ldb + s * gemmNR
            let d = dst + s * gemmNR * kc + p0 * gemmNR
            for r in 0..<rows {
                storeVector(loadVector(src + r * ldb), d + r * gemmNR)
                storeVector(loadVector(src + r * ldb + 8), d + r * gemmNR + 8)
            }
        }
        p0 += rows
    }
    let j0 = fullPanels * gemmNR
    if j0 < nc {
        let panel = dst + fullPanels * gemmNR * kc
        let cols = nc - j0
        for p in 0..<kc {
            for j in 0..<gemmNR { panel[p * gemmNR + j] = j < cols ? b[p * ldb + j0 + j] : 0 }
        }
    }
}

/// Rows of B packed per sweep (measured on Zen 4: 8 beat 4 and 16 at m = 8, 32).
let packBRowGroup = 8
