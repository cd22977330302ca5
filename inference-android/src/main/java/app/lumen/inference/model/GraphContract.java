package app.lumen.inference.model;

import app.lumen.inference.model.TensorSpec.ElementType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inputs and outputs the engine expects of each graph, checked against what a runtime reports
 * for a graph and against {@code config.json}: the embed and decoder graphs as {@link DecoderIo}
 * names and lays them out, and the vision graph: {@code pixel_values} [N, C*T*P*P] + {@code
 * image_grid_thw} ({@code grid_thw} for Qwen2-VL) int64 [n,3] -> {@code image_features} [N_tok, H]
 * (+ optional deepstack output).
 *
 * <p>Floating-point tensors may be float32 or float16. Each problem is one line naming the tensor
 * and what was expected. Stateless.
 */
public final class GraphContract {
  /** A dimension that must be symbolic or equal to a value; {@link #ANY} accepts everything. */
  private static final long ANY = GraphCheck.ANY;

  private static final Set<ElementType> FLOATS = EnumSet.of(ElementType.FLOAT, ElementType.FLOAT16);
  private static final Set<ElementType> INT64 = EnumSet.of(ElementType.INT64);

  private GraphContract() {}

  /**
   * Every problem of a graph playing {@code role} ({@code embed}, {@code vision}, {@code decoder}).
   */
  public static List<String> problems(
      String role,
      ModelConfig config,
      Map<String, TensorSpec> inputs,
      Map<String, TensorSpec> outputs) {
    GraphCheck check = new GraphCheck(inputs, outputs);
    switch (role) {
      case "embed" -> embed(config, check);
      case "vision" -> vision(config, check);
      case "decoder" -> decoder(config, check);
      default ->
          check.problems.add("unknown graph role " + role + " (expected embed, vision or decoder)");
    }
    return check.problems;
  }

  private static void embed(ModelConfig config, GraphCheck check) {
    check.input(DecoderIo.INPUT_IDS, INT64, ANY, ANY);
    check.output(
        DecoderIo.INPUTS_EMBEDS,
        FLOATS,
        "hidden_size " + config.hiddenSize(),
        ANY,
        ANY,
        config.hiddenSize());
    check.noOtherInputs(Set.of(DecoderIo.INPUT_IDS));
  }

  private static void vision(ModelConfig config, GraphCheck check) {
    ModelConfig.VisionConfig vision = config.vision();
    if (vision == null) {
      check.problems.add("a vision graph, but config.json describes no vision tower");
      return;
    }
    check.input(
        "pixel_values",
        FLOATS,
        "channels x temporal_patch_size x patch_size^2 = " + vision.patchValues(),
        ANY,
        vision.patchValues());
    String grid = config.family().gridInputName();
    String otherGrid = grid.equals("grid_thw") ? "image_grid_thw" : "grid_thw";
    boolean renamedGrid = !check.inputs.containsKey(grid) && check.inputs.containsKey(otherGrid);
    if (renamedGrid) {
      check.problems.add(
          "input "
              + grid
              + ": missing (found "
              + otherGrid
              + "; "
              + config.family().id()
              + " vision graphs name it "
              + grid
              + ")");
    } else {
      check.input(grid, INT64, "(t, h, w) per image", ANY, 3);
    }
    check.output(
        "image_features",
        FLOATS,
        "vision out_hidden_size " + vision.outHiddenSize(),
        ANY,
        vision.outHiddenSize());
    // DeepStack features, when the export keeps them, have the width of image_features.
    for (TensorSpec output : check.outputs.values()) {
      if (DecoderIo.isDeepstack(output.name())) {
        long[] dims =
            output.rank() == 3
                ? new long[] {ANY, ANY, vision.outHiddenSize()}
                : new long[] {ANY, vision.outHiddenSize()};
        check.tensor(
            "output",
            output,
            FLOATS,
            "vision out_hidden_size " + vision.outHiddenSize(),
            check.problems,
            dims);
      }
    }
    check.noOtherInputs(
        renamedGrid ? Set.of("pixel_values", otherGrid) : Set.of("pixel_values", grid));
  }

  private static void decoder(ModelConfig config, GraphCheck check) {
    int h = config.hiddenSize();
    Set<String> known = new java.util.HashSet<>();
    boolean textOnly = !config.family().hasVision();
    String embeddings = textOnly ? DecoderIo.INPUT_IDS : DecoderIo.INPUTS_EMBEDS;
    if (textOnly) {
      check.input(DecoderIo.INPUT_IDS, INT64, ANY, ANY);
    } else {
      check.input(DecoderIo.INPUTS_EMBEDS, FLOATS, "hidden_size " + h, ANY, ANY, h);
    }
    known.add(embeddings);
    check.input(DecoderIo.ATTENTION_MASK, INT64, ANY, ANY);
    known.add(DecoderIo.ATTENTION_MASK);
    if (config.family().hasMultimodalPositions()) {
      check.input(
          DecoderIo.POSITION_IDS,
          INT64,
          "M-RoPE rows t, h, w",
          DecoderIo.MULTIMODAL_POSITION_ROWS,
          ANY,
          ANY);
    } else {
      check.input(DecoderIo.POSITION_IDS, INT64, ANY, ANY);
    }
    known.add(DecoderIo.POSITION_IDS);
    keyValueCache(config, check, known);
    String deepstack =
        check.inputs.keySet().stream().filter(DecoderIo::isDeepstack).findFirst().orElse(null);
    if (deepstack != null) {
      known.add(deepstack);
      int levels = config.vision() == null ? 0 : config.vision().deepstackVisualIndexes().size();
      if (levels == 0) {
        check.problems.add(
            "input "
                + deepstack
                + ": present, but config.json has no vision_config.deepstack_visual_indexes");
      } else {
        check.input(
            deepstack,
            FLOATS,
            "deepstack levels " + levels + ", hidden_size " + h,
            levels,
            ANY,
            ANY,
            h);
      }
    }
    for (String name : check.inputs.keySet()) {
      if (DecoderIo.isOptionalControlInput(name)) {
        known.add(name);
      }
    }
    check.output(
        DecoderIo.LOGITS, FLOATS, "vocab_size " + config.vocabSize(), ANY, ANY, config.vocabSize());
    check.noOtherInputs(known);
  }

  // The cache is checked as one layout: every layer's past key/value must share a type and shape,
  // that shape must fit config.json, and present.N must come back as past.N went in. A wrong layout
  // is then one line, not one per layer.
  private static void keyValueCache(ModelConfig config, GraphCheck check, Set<String> known) {
    List<Integer> full = config.fullAttentionLayers();
    Set<Integer> graphLayers = new TreeSet<>();
    for (String name : check.inputs.keySet()) {
      int layer = DecoderIo.pastKeyValueLayer(name);
      if (layer >= 0) {
        graphLayers.add(layer);
        known.add(name);
      }
    }
    if (!graphLayers.equals(new TreeSet<>(full))) {
      check.problems.add(
          "inputs past_key_values.N: KV inputs for "
              + graphLayers.size()
              + " layers "
              + range(graphLayers)
              + ", config.json expects "
              + full.size()
              + " "
              + range(new TreeSet<>(full))
              + " (num_hidden_layers "
              + config.numHiddenLayers()
              + ")");
    }
    TensorSpec first = null;
    String why =
        "num_key_value_heads " + config.numKeyValueHeads() + ", head_dim " + config.headDim();
    for (int layer : full) {
      for (String part : DecoderIo.KV_PARTS) {
        String pastName = DecoderIo.pastKeyValue(layer, part);
        TensorSpec past = check.inputs.get(pastName);
        if (past == null) {
          if (graphLayers.contains(layer)) {
            check.problems.add("input " + pastName + ": missing");
          }
          continue;
        }
        if (first == null) {
          first = past;
          int before = check.problems.size();
          check.tensor(
              "input",
              past,
              FLOATS,
              why,
              check.problems,
              ANY,
              config.numKeyValueHeads(),
              ANY,
              config.headDim());
          if (check.problems.size() > before) {
            String line = check.problems.remove(check.problems.size() - 1);
            check.problems.add(
                line.replace("input " + pastName, "inputs past_key_values.N.key/value"));
          }
        } else if (past.type() != first.type() || !sameDims(past, first)) {
          check.problems.add(
              "input "
                  + past.name()
                  + ": "
                  + past.type().label()
                  + " "
                  + past.shapeText()
                  + ", but "
                  + first.name()
                  + " is "
                  + first.type().label()
                  + " "
                  + first.shapeText()
                  + " (all layers share one cache layout)");
        }
        String presentName = DecoderIo.present(layer, part);
        TensorSpec present = check.outputs.get(presentName);
        if (present == null) {
          check.problems.add("output " + presentName + ": missing");
        } else if (present.type() != past.type()
            || present.rank() != past.rank()
            || !sameFixedDims(present, past, 1, 3)) {
          check.problems.add(
              "output "
                  + presentName
                  + ": "
                  + present.type().label()
                  + " "
                  + present.shapeText()
                  + ", expected the layout of "
                  + past.name()
                  + " ("
                  + past.type().label()
                  + " "
                  + past.shapeText()
                  + "; the cache is fed back as it comes out)");
        }
      }
    }
    // Qwen3.5's linear-attention layers carry convolution and recurrent state instead of KV.
    for (String name : check.inputs.keySet()) {
      int layer = DecoderIo.linearStateLayer(name);
      if (layer >= 0) {
        if (layer < config.layerTypes().size()
            && !config.layerTypes().get(layer).equals(ModelConfig.FULL_ATTENTION)) {
          known.add(name);
        }
      }
    }
  }

  private static boolean sameDims(TensorSpec a, TensorSpec b) {
    return java.util.Arrays.equals(a.shape(), b.shape());
  }

  /** Whether the dims at {@code indexes} agree where both are fixed. */
  private static boolean sameFixedDims(TensorSpec a, TensorSpec b, int... indexes) {
    for (int i : indexes) {
      if (a.dim(i) >= 0 && b.dim(i) >= 0 && a.dim(i) != b.dim(i)) {
        return false;
      }
    }
    return true;
  }

  private static String range(Set<Integer> layers) {
    if (layers.isEmpty()) {
      return "(none)";
    }
    int first = layers.iterator().next();
    int last = first;
    for (int layer : layers) {
      last = layer;
    }
    return layers.size() == last - first + 1 ? "(" + first + ".." + last + ")" : layers.toString();
  }
}
