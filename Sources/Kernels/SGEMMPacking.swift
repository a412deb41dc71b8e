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
func packB(kc: Int, nc: Int, b: UnsafePointer<Float>, ldb: Int, into dst: UnsafeMutablePointer<Float>) {
    var panel = dst
    var j0 = 0
    while j0 < nc {
        let cols = min(gemmNR, nc - j0)
        if cols == gemmNR {
            for p in 0..<kc {
                let s = b + p * ldb + j0
                let d = panel + p * gemmNR
                storeVector(loadVector(s), d)
                storeVector(loadVector(s + 8), d + 8)
            }
        } else {
            for p in 0..<kc {
                for j in 0..<gemmNR { panel[p * gemmNR + j] = j < cols ? b[p * ldb + j0 + j] : 0 }
            }
        }
        panel += gemmNR * kc
        j0 += gemmNR
    }
}
