package app.lumen.inference.model;

import app.lumen.inference.jinja.JinjaTemplate;
import app.lumen.inference.model.internal.JsonFile;
import app.lumen.inference.text.ChatTemplate;
import app.lumen.inference.text.Tokenizer;
import app.lumen.inference.text.TokenizerFormatException;
import app.lumen.pkg.IntegrityException;
import app.lumen.pkg.InvalidPackageException;
import app.lumen.pkg.ModelFamily;
import app.lumen.pkg.PackageManifest;
import app.lumen.pkg.PackagePaths;
import app.lumen.pkg.UnsafePathException;
import app.lumen.vision.ImageProcessorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An installed model package, read and checked: manifest, configs, tokenizer and chat template.
 * Opening runs {@link PackageValidator}'s checks, so a package {@code lumen validate} refuses does
 * not load, with the same lines. It checks every file's presence and size against the manifest and
 * hashes the small files it parses, but not the graphs (hashing gigabytes on every start would cost
 * seconds; the installer verified them and {@code lumen validate} hashes on demand). Only files the
 * manifest lists are read: one the loader would use that is present but unlisted (an edited chat
 * template, say) fails with {@link app.lumen.pkg.UnlistedFileException}.
 *
 * <p>Immutable and safe to share between threads. Errors: {@link InvalidPackageException} for a
 * malformed package (one line per problem, naming the file and field), {@link IntegrityException}
 * when every problem is a file of the wrong size or hash.
 */
public final class ModelPackage {
  public static final String CHAT_TEMPLATE_JINJA = "chat_template.jinja";
  public static final String CHAT_TEMPLATE_JSON = "chat_template.json";

  private final Path dir;
  private final PackageManifest manifest;
  private final ModelConfig config;
  private final GenerationConfig generationConfig;
  private final ImageProcessorConfig preprocessorConfig;
  private final TokenizerConfig tokenizerConfig;
  private final Tokenizer tokenizer;
  private final ChatTemplate chatTemplate;

  private ModelPackage(
      Path dir,
      PackageManifest manifest,
      ModelConfig config,
      GenerationConfig generationConfig,
      ImageProcessorConfig preprocessorConfig,
      TokenizerConfig tokenizerConfig,
      Tokenizer tokenizer,
      ChatTemplate chatTemplate) {
    this.dir = dir;
    this.manifest = manifest;
    this.config = config;
    this.generationConfig = generationConfig;
    this.preprocessorConfig = preprocessorConfig;
    this.tokenizerConfig = tokenizerConfig;
    this.tokenizer = tokenizer;
    this.chatTemplate = chatTemplate;
  }

  /**
   * Reads the package in {@code dir}, running {@link PackageValidator}'s checks as a load affords
   * them (sizes; hashes of the small files it parses, not of the graphs).
   */
  public static ModelPackage open(Path dir) throws InvalidPackageException, IntegrityException {
    return open(dir, PackageManifest.read(dir));
  }

  /**
   * Reads the package in {@code dir} whose manifest the caller already read (to look at its family
   * first, say), with the checks of {@link #open(Path)}.
   *
   * @throws InvalidPackageException every problem, one line each, as {@code lumen validate} words
   *     them, when any is not a size or hash mismatch
   * @throws IntegrityException when every problem is a size or hash mismatch
   */
  public static ModelPackage open(Path dir, PackageManifest manifest)
      throws InvalidPackageException, IntegrityException {
    PackageValidator.Checked checked =
        PackageValidator.check(dir, manifest, PackageValidator.Depth.LOAD);
    checked.requireValid();
    return new ModelPackage(
        dir,
        manifest,
        checked.config(),
        checked.generation(),
        checked.processor(),
        checked.tokenizerConfig(),
        checked.tokenizer(),
        checked.chatTemplate());
  }

  /**
   * The package's chat template: its Jinja template parsed and tried on a plain conversation, or
   * the family's built-in layout when it carries none. Null when the template is usable but the
   * tokenizer or generation config it needs is broken (reported by their own checks).
   *
   * @throws InvalidPackageException naming the template's file and line when it cannot be used
   */
  static ChatTemplate chatTemplate(
      Path dir,
      PackageManifest manifest,
      TokenizerConfig tokenizerConfig,
      ModelFamily family,
      Tokenizer tokenizer,
      GenerationConfig generation)
      throws InvalidPackageException {
    ChatTemplateSource template = chatTemplateSource(dir, manifest, tokenizerConfig);
    JinjaTemplate jinja =
        template == null
            ? null
            : ChatTemplateCheck.parseAndTry(
                template.file(), template.text(), family == null || family.hasVision());
    if (tokenizer == null || generation == null || family == null) {
      return null;
    }
    try {
      if (jinja == null) {
        return ChatTemplate.create(tokenizer, defaultStyle(family), generation.eosTokenIds());
      }
      return ChatTemplate.fromJinja(
          tokenizer,
          jinja,
          ChatTemplate.Style.of(template.text()),
          generation.eosTokenIds(),
          templateTokens(tokenizerConfig));
    } catch (IllegalArgumentException e) {
      throw new InvalidPackageException("tokenizer.json: " + e.getMessage(), e);
    }
  }

  /** The special tokens transformers hands a chat template, as far as the config names them. */
  private static Map<String, String> templateTokens(TokenizerConfig config) {
    Map<String, String> tokens = new HashMap<>();
    if (config.eosToken() != null) {
      tokens.put("eos_token", config.eosToken());
    }
    if (config.padToken() != null) {
      tokens.put("pad_token", config.padToken());
    }
    return tokens;
  }

  /** The layout of the family's published template, for packages that carry none. */
  static ChatTemplate.Style defaultStyle(ModelFamily family) {
    return family.hasDefaultSystemPrompt()
        ? ChatTemplate.Style.QWEN2_VL
        : ChatTemplate.Style.INSTRUCT;
  }

  static void checkFamily(ModelFamily family, ModelConfig config) throws InvalidPackageException {
    if (config.family() != family) {
      throw new InvalidPackageException(
          ModelConfig.FILE_NAME
              + ": model_type: expected "
              + family.id()
              + " (the family in "
              + PackageManifest.FILE_NAME
              + "), found "
              + config.family().id());
    }
  }

  static void checkGraphs(ModelFamily family, PackageManifest manifest)
      throws InvalidPackageException {
    if (family.hasVision() && !manifest.graph(PackageManifest.ROLE_EMBED).isPresent()) {
      throw new InvalidPackageException(
          PackageManifest.FILE_NAME
              + ": graphs.embed: missing (a "
              + family.id()
              + " decoder takes inputs_embeds from an embedding graph)");
    }
  }

  /** {@code preprocessor_config.json}, its fields checked, then read by the vision pipeline. */
  public static ImageProcessorConfig preprocessorConfig(Path dir, PackageManifest manifest)
      throws InvalidPackageException {
    return PreprocessorConfigs.parse(json(dir, manifest, ImageProcessorConfig.FILE_NAME));
  }

  static JsonFile json(Path dir, PackageManifest manifest, String name)
      throws InvalidPackageException {
    return JsonFile.read(listed(dir, manifest, name), name);
  }

  /** The file {@code name}, refused when present but unlisted (see {@link PackageManifest}). */
  static Path listed(Path dir, PackageManifest manifest, String name)
      throws InvalidPackageException {
    return manifest.listedFile(dir, name);
  }

  static Tokenizer tokenizer(Path dir, PackageManifest manifest) throws InvalidPackageException {
    Path file = listed(dir, manifest, "tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new InvalidPackageException(
          "tokenizer.json: missing (every package needs its tokenizer)");
    }
    try {
      return Tokenizer.load(file);
    } catch (TokenizerFormatException e) {
      throw new InvalidPackageException(
          e.getMessage().replace(file.toString(), "tokenizer.json"), e);
    } catch (IOException e) {
      throw new InvalidPackageException("tokenizer.json: unreadable: " + e.getMessage(), e);
    }
  }

  /** A chat template's text and the file it was read from (named in error messages). */
  record ChatTemplateSource(String file, String text) {}

  /**
   * The Jinja chat template: {@code chat_template.jinja}, else {@code chat_template.json}, else
   * {@code tokenizer_config.json}'s {@code chat_template} (the order Hugging Face uses); null when
   * the package has none.
   */
  static ChatTemplateSource chatTemplateSource(
      Path dir, PackageManifest manifest, TokenizerConfig tokenizerConfig)
      throws InvalidPackageException {
    try {
      Path jinja = listed(dir, manifest, CHAT_TEMPLATE_JINJA);
      if (Files.isRegularFile(jinja)) {
        return new ChatTemplateSource(
            CHAT_TEMPLATE_JINJA, new String(Files.readAllBytes(jinja), StandardCharsets.UTF_8));
      }
    } catch (UnsafePathException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidPackageException(CHAT_TEMPLATE_JINJA + ": unreadable: " + e.getMessage(), e);
    }
    Path json = listed(dir, manifest, CHAT_TEMPLATE_JSON);
    if (Files.isRegularFile(json)) {
      JsonFile file = JsonFile.read(json, CHAT_TEMPLATE_JSON);
      String template = TokenizerConfig.chatTemplate(file, file.root());
      if (template != null) {
        return new ChatTemplateSource(CHAT_TEMPLATE_JSON, template);
      }
    }
    return tokenizerConfig.chatTemplate() == null
        ? null
        : new ChatTemplateSource(TokenizerConfig.FILE_NAME, tokenizerConfig.chatTemplate());
  }

  public Path dir() {
    return dir;
  }

  public PackageManifest manifest() {
    return manifest;
  }

  public ModelFamily family() {
    return config.family();
  }

  public ModelConfig config() {
    return config;
  }

  public GenerationConfig generationConfig() {
    return generationConfig;
  }

  /** Image preprocessing values; empty for text-only families. */
  public Optional<ImageProcessorConfig> preprocessorConfig() {
    return Optional.ofNullable(preprocessorConfig);
  }

  public TokenizerConfig tokenizerConfig() {
    return tokenizerConfig;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public ChatTemplate chatTemplate() {
    return chatTemplate;
  }

  /** Whether the package can read images (it has a vision graph). */
  public boolean supportsImages() {
    return manifest.graph(PackageManifest.ROLE_VISION).isPresent();
  }

  /**
   * The file of the graph playing {@code role} ({@link PackageManifest#ROLE_DECODER}, ...), inside
   * the package folder.
   */
  public Optional<Path> graph(String role) throws InvalidPackageException {
    Optional<String> path = manifest.graph(role);
    return path.isPresent() ? Optional.of(PackagePaths.resolve(dir, path.get())) : Optional.empty();
  }
}
