package app.lumen.inference.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import app.lumen.inference.EngineOptions;
import app.lumen.inference.ModelInfo;
import app.lumen.pkg.ModelFamily;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Without {@code maxContextTokens} the engine sizes the context to memory, not to the model's
 * 262,144 positions (the tiny package keeps Qwen3-VL's limit), and says why.
 */
public class DefaultContextTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void defaultOptions_giveTheSmallestDefaultNotTheModelMaximum() throws Exception {
    ModelInfo info = load(EngineOptions.defaults());
    assertEquals(4096, info.contextLength());
    assertTrue(info.contextReason(), info.contextReason().contains("unknown"));
  }

  @Test
  public void plentyOfMemory_givesTheLargestDefault() throws Exception {
    ModelInfo info = load(EngineOptions.builder().availableMemoryBytes(64L << 30).build());
    assertEquals(8192, info.contextLength());
    assertTrue(info.contextReason(), info.contextReason().contains("65536 MiB available"));
  }

  @Test
  public void explicitCap_isKept() throws Exception {
    ModelInfo info =
        load(EngineOptions.builder().availableMemoryBytes(64L << 30).maxContextTokens(300).build());
    assertEquals(300, info.contextLength());
  }

  private ModelInfo load(EngineOptions options) throws Exception {
    try (EngineFixture f =
        new EngineFixture(tmp.newFolder().toPath(), ModelFamily.QWEN3_VL, 1, options)) {
      return f.model.info();
    }
  }
}
