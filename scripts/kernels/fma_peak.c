/* Peak fp32 FMA and int8 VNNI throughput of one core, 256- vs 512-bit vectors, as README's
 * kernel section quotes them (not part of the product; the kernels take 512-bit vectors
 * wherever AVX-512 runs, which on Zen 4 pays through steadiness, not peak).
 *   gcc -O2 -mavx512f -mavx512vnni -mavx512vl -mfma scripts/kernels/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
 * Each loop runs 12 independent accumulator chains (enough to cover FMA latency × pipes). */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Thread CPU time, not wall time: on a shared machine a slice preempted by another process
 * does not count against the loop that was running. */
static double now(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

#define CHAINS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)

static double fma256(long iters) {
    __m256 b = _mm256_set1_ps(1.0000001f), c = _mm256_set1_ps(1e-7f);
#define D(i) __m256 a##i = _mm256_set1_ps((float)i);
    CHAINS(D)
#undef D
    double t = now();
    for (long r = 0; r < iters; r++) {
#define F(i) a##i = _mm256_fmadd_ps(a##i, b, c); __asm__ volatile("" : "+x"(a##i));
        CHAINS(F)
#undef F
    }
    t = now() - t;
    __m256 s = _mm256_add_ps(a0, a11);
    volatile float sink = _mm256_cvtss_f32(s); (void)sink;
    return 12.0 * iters * 8 * 2 / t / 1e9;
}

static double fma512(long iters) {
    __m512 b = _mm512_set1_ps(1.0000001f), c = _mm512_set1_ps(1e-7f);
#define D(i) __m512 a##i = _mm512_set1_ps((float)i);
    CHAINS(D)
#undef D
    double t = now();
    for (long r = 0; r < iters; r++) {
#define F(i) a##i = _mm512_fmadd_ps(a##i, b, c); __asm__ volatile("" : "+v"(a##i));
        CHAINS(F)
#undef F
    }
    t = now() - t;
    __m512 s = _mm512_add_ps(a0, a11);
    volatile float sink = _mm512_cvtss_f32(s); (void)sink;
    return 12.0 * iters * 16 * 2 / t / 1e9;
}

static double vnni256(long iters) {
    __m256i b = _mm256_set1_epi8(3), c = _mm256_set1_epi8(5);
#define D(i) __m256i a##i = _mm256_set1_epi32(i);
    CHAINS(D)
#undef D
    double t = now();
    for (long r = 0; r < iters; r++) {
#define F(i) a##i = _mm256_dpbusd_epi32(a##i, b, c); __asm__ volatile("" : "+x"(a##i));
        CHAINS(F)
#undef F
    }
    t = now() - t;
    volatile int sink = _mm256_extract_epi32(_mm256_add_epi32(a0, a11), 0); (void)sink;
    return 12.0 * iters * 32 * 2 / t / 1e9;
}

static double vnni512(long iters) {
    __m512i b = _mm512_set1_epi8(3), c = _mm512_set1_epi8(5);
#define D(i) __m512i a##i = _mm512_set1_epi32(i);
    CHAINS(D)
#undef D
    double t = now();
    for (long r = 0; r < iters; r++) {
#define F(i) a##i = _mm512_dpbusd_epi32(a##i, b, c); __asm__ volatile("" : "+v"(a##i));
        CHAINS(F)
#undef F
    }
    t = now() - t;
    volatile int sink = _mm512_reduce_add_epi32(_mm512_add_epi32(a0, a11)); (void)sink;
    return 12.0 * iters * 64 * 2 / t / 1e9;
}

static int compare(const void *x, const void *y) { double a = *(const double *)x, b = *(const double *)y; return (a > b) - (a < b); }

/* Runs the four loops alternately in short slices, so a shared machine's load falls on all
 * of them alike, and prints the median rate of each and the 512/256 ratios. */
int main(void) {
    enum { SLICES = 41 };
    long iters = 2000000;
    double rates[4][SLICES];
    double (*loops[4])(long) = { fma256, fma512, vnni256, vnni512 };
    for (int s = 0; s < SLICES; s++)
        for (int l = 0; l < 4; l++) rates[l][s] = loops[l](iters);
    double median[4];
    for (int l = 0; l < 4; l++) { qsort(rates[l], SLICES, sizeof(double), compare); median[l] = rates[l][SLICES / 2]; }
    printf("fp32 FMA  256-bit: %6.1f GFLOP/s   512-bit: %6.1f GFLOP/s   512/256: %.2f\n", median[0], median[1], median[1] / median[0]);
    printf("int8 VNNI 256-bit: %6.1f GOP/s     512-bit: %6.1f GOP/s     512/256: %.2f\n", median[2], median[3], median[3] / median[2]);
    return 0;
}
