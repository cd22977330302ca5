package app.lumen.testkit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackageVerifier;
import app.lumen.testkit.internal.HfConfigFiles;
import app.lumen.testkit.internal.TextArchitecture;
import app.lumen.testkit.reference.KvCache;
import app.lumen.testkit.reference.ReferenceConfig;
import app.lumen.testkit.reference.ReferenceQwenVl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Synthetic packages, at a small size so the test is quick: the same writer code as the full-size
 * ones, external data, every quantization runnable in ONNX Runtime, float ones equal to the
 * reference.
 */
public class SyntheticPackageGeneratorTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** The tiny shape with 512 vocabulary rows and an untied head, as full-size synthetics have. */
  private static TextArchitecture small(ModelFamily family) {
    TextArchitecture t = TextArchitecture.tiny(family, 512);
    return new TextArchitecture(
        family,
        t.hiddenSize(),
        t.numLayers(),
        t.numHeads(),
        t.numKvHeads(),
        t.headDim(),
        t.intermediateSize(),
        t.vocabSize(),
        t.rmsNormEps(),
        t.ropeTheta(),
        t.mropeSection(),
        t.mropeInterleaved(),
        t.qkNorm(),
        t.qkvBias(),
        t.deepstackLayers(),
        t.maxPositionEmbeddings(),
        false);
  }

  private Path generate(ModelFamily family, Quantization q, long seed) throws Exception {
    Path dir = tmp.newFolder().toPath();
    SyntheticPackageGenerator.generate(
        dir,
        small(family),
        HfConfigFiles.VisionShape.tiny(),
        q,
        seed,
        null,
        SyntheticPackageGenerator.Listener.NONE,
        "synthetic-test");
    return dir;
  }

  @Test
  public void everyQuantization_writesExternalData_andRunsInOrt() throws Exception {
    for (Quantization q : Quantization.values()) {
      Path dir = generate(ModelFamily.QWEN3_VL, q, 5);
      PackageManifest m = PackageManifest.read(dir);
      assertEquals(List.of(), PackageVerifier.verify(dir, m, PackageVerifier.Mode.FULL));
      String decoder = m.graph("decoder").orElseThrow();
      assertEquals("onnx/decoder_model_merged" + q.fileSuffix() + ".onnx", decoder);
      assertTrue(Files.size(dir.resolve(decoder + "_data")) > Files.size(dir.resolve(decoder)));

      ReferenceConfig c = ReferenceConfig.read(dir.resolve("config.json"));
      try (OrtDecoder ort = new OrtDecoder(dir, m.graph("embed").orElseThrow(), decoder, c)) {
        float[][][] embeds = ort.embed(new long[][] {{1, 2, 3, 4}});
        OrtDecoder.Step step =
            ort.run(embeds, ones(4), positions(4), zeros(c, 4), ort.emptyCache(1));
        assertEquals(512, step.logits()[0][3].length);
        double spread = 0;
        for (float v : step.logits()[0][3]) {
          assertTrue(q + " logit " + v, Float.isFinite(v));
          spread = Math.max(spread, Math.abs(v));
        }
        assertTrue(q + ": logits are all ~0", spread > 0.1);
      }
    }
  }

  @Test
  public void floatQuantizations_matchTheReference() throws Exception {
    for (ModelFamily family : List.of(ModelFamily.QWEN3_VL, ModelFamily.QWEN2_VL)) {
      for (Quantization q : List.of(Quantization.FP32, Quantization.FP16)) {
        Path dir = generate(family, q, 8);
        PackageManifest m = PackageManifest.read(dir);
        ReferenceQwenVl ref = ReferenceQwenVl.load(dir);
        ReferenceConfig c = ref.config();
        long[] ids = new long[6];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < ids.length; i++) {
          ids[i] = rng.nextInt(c.vocabSize());
        }
        try (OrtDecoder ort =
            new OrtDecoder(
                dir, m.graph("embed").orElseThrow(), m.graph("decoder").orElseThrow(), c)) {
          float[][][] embeds = ort.embed(new long[][] {ids});
          assertArrayEquals(ref.embed(ids)[5], embeds[0][5], 0f);
          OrtDecoder.Step step =
              ort.run(
                  embeds,
                  ones(ids.length),
                  positions(ids.length),
                  zeros(c, ids.length),
                  ort.emptyCache(1));
          ReferenceQwenVl.Output out =
              ref.forward(
                  ref.embed(ids),
                  ReferenceQwenVl.textPositions(ids.length),
                  null,
                  KvCache.empty(c.numLayers(), c.numKvHeads()),
                  null);
          for (int s = 0; s < ids.length; s++) {
            for (int v = 0; v < c.vocabSize(); v++) {
              assertEquals(
                  family + " " + q + " " + s + "/" + v,
                  out.logits()[s][v],
                  step.logits()[0][s][v],
                  1e-4);
            }
          }
        }
      }
    }
  }

  @Test
  public void sameSeed_givesIdenticalFiles() throws Exception {
    Path a = generate(ModelFamily.QWEN3_VL, Quantization.INT4, 11);
    Path b = generate(ModelFamily.QWEN3_VL, Quantization.INT4, 11);
    List<String> names = new ArrayList<>();
    PackageManifest.read(a).files().forEach(f -> names.add(f.path()));
    for (String f : names) {
      assertArrayEquals(f, Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)));
    }
  }

  private static long[][] ones(int n) {
    long[][] m = new long[1][n];
    java.util.Arrays.fill(m[0], 1);
    return m;
  }

  private static long[][][] positions(int n) {
    long[][] p = ReferenceQwenVl.textPositions(n);
    return new long[][][] {{p[0]}, {p[1]}, {p[2]}};
  }

  private static float[][][][] zeros(ReferenceConfig c, int n) {
    return c.deepstackCount() == 0 ? null : new float[c.deepstackCount()][1][n][c.hiddenSize()];
  }
}
