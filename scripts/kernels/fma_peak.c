/* Peak fp32 FMA and int8 VNNI throughput of one core, 256- vs 512-bit vectors: the
 * measurement behind the choice of vector width in Sources/Kernels (not part of the product).
 *   gcc -O2 -mavx512f -mavx512vnni -mavx512vl -mfma scripts/kernels/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak
 * Each loop runs 12 independent accumulator chains (enough to cover FMA latency × pipes). */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

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

static double median5(double (*f)(long), long iters) {
    double v[5];
    for (int i = 0; i < 5; i++) v[i] = f(iters);
    for (int i = 0; i < 5; i++) for (int j = i + 1; j < 5; j++) if (v[j] < v[i]) { double x = v[i]; v[i] = v[j]; v[j] = x; }
    return v[2];
}

int main(void) {
    long iters = 20000000;
    printf("fp32 FMA 256-bit: %.1f GFLOP/s\n", median5(fma256, iters));
    printf("fp32 FMA 512-bit: %.1f GFLOP/s\n", median5(fma512, iters));
    printf("int8 VNNI 256-bit: %.1f GOP/s\n", median5(vnni256, iters));
    printf("int8 VNNI 512-bit: %.1f GOP/s\n", median5(vnni512, iters));
    return 0;
}
