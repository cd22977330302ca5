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
import app.lumen.pkg.PackageVerifier;
import app.lumen.pkg.UnsafePathException;
import app.lumen.vision.ImageProcessorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An installed model package, read and checked: manifest, configs, tokenizer and chat template.
 * Opening checks every file's presence and size against the manifest but hashes nothing (hashing
 * gigabytes on every start would cost seconds; {@link PackageValidator} hashes on demand). Only
 * files the manifest lists are read: one the loader would use that is present but unlisted (an
 * edited chat template, say) fails with {@link app.lumen.pkg.UnlistedFileException}.
 *
 * <p>Immutable and safe to share between threads. Errors: {@link InvalidPackageException} for a
 * malformed package (the message names the file and field), {@link IntegrityException} for a file
 * of the wrong size.
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

  /** Reads the package in {@code dir}, checking file sizes (not hashes). */
  public static ModelPackage open(Path dir) throws InvalidPackageException, IntegrityException {
    return open(dir, PackageManifest.read(dir));
  }

  /**
   * Reads the package in {@code dir} whose manifest the caller already read (to look at its family
   * first, say), checking file sizes (not hashes).
   */
  public static ModelPackage open(Path dir, PackageManifest manifest)
      throws InvalidPackageException, IntegrityException {
    PackageVerifier.requireValid(dir, manifest, PackageVerifier.Mode.SIZES);
    return read(dir, manifest);
  }

  /** Reads the configs and tokenizer of a package whose files were already verified. */
  static ModelPackage read(Path dir, PackageManifest manifest) throws InvalidPackageException {
    ModelFamily family = ModelFamily.of(manifest);
    ModelConfig config = ModelConfig.parse(json(dir, manifest, ModelConfig.FILE_NAME));
    checkFamily(family, config);
    GenerationConfig generation =
        GenerationConfig.parse(json(dir, manifest, GenerationConfig.FILE_NAME));
    ImageProcessorConfig preprocessor =
        family.hasVision() ? preprocessorConfig(dir, manifest) : null;
    TokenizerConfig tokenizerConfig =
        TokenizerConfig.parse(json(dir, manifest, TokenizerConfig.FILE_NAME));
    Tokenizer tokenizer = tokenizer(dir, manifest);
    checkGraphs(family, manifest);
    List<String> disagreements =
        PackageConsistency.problems(config, generation, preprocessor, tokenizer);
    if (!disagreements.isEmpty()) {
      throw new InvalidPackageException(String.join("\n", disagreements));
    }
    ChatTemplateSource template = chatTemplateSource(dir, manifest, tokenizerConfig);
    ChatTemplate chatTemplate;
    try {
      if (template == null) {
        chatTemplate =
            ChatTemplate.create(tokenizer, defaultStyle(family), generation.eosTokenIds());
      } else {
        JinjaTemplate jinja =
            ChatTemplateCheck.parseAndTry(template.file(), template.text(), family.hasVision());
        chatTemplate =
            ChatTemplate.fromJinja(
                tokenizer,
                jinja,
                ChatTemplate.Style.of(template.text()),
                generation.eosTokenIds(),
                templateTokens(tokenizerConfig));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidPackageException("tokenizer.json: " + e.getMessage(), e);
    }
    return new ModelPackage(
        dir, manifest, config, generation, preprocessor, tokenizerConfig, tokenizer, chatTemplate);
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

  /** {@code preprocessor_config.json}, read by the vision pipeline's own parser. */
  static ImageProcessorConfig preprocessorConfig(Path dir, PackageManifest manifest)
      throws InvalidPackageException {
    JsonFile file = json(dir, manifest, ImageProcessorConfig.FILE_NAME);
    try {
      return ImageProcessorConfig.fromJson(file.root(), file.name());
    } catch (IOException e) {
      throw new InvalidPackageException(e.getMessage(), e);
    }
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

  /**
   * The package's chat template, parsed and tried on a plain conversation; null when it has none.
   *
   * @throws InvalidPackageException naming the template's file and line when it cannot be used
   */
  static JinjaTemplate checkedChatTemplate(
      Path dir, PackageManifest manifest, TokenizerConfig tokenizerConfig, ModelFamily family)
      throws InvalidPackageException {
    ChatTemplateSource source = chatTemplateSource(dir, manifest, tokenizerConfig);
    if (source == null) {
      return null;
    }
    return ChatTemplateCheck.parseAndTry(
        source.file(), source.text(), family == null || family.hasVision());
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
