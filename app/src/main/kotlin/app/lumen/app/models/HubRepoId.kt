package app.lumen.app.models

/**
 * Hugging Face repository ids as the Hub accepts them, checked before anything is asked of the
 * network so that a typo gets an answer at once instead of a 404 after a round trip.
 */
object HubRepoId {
  /**
   * The Hub's rule (huggingface_hub `validate_repo_id`): letters, digits, `-`, `_` and `.`; not
   * ending with `-` or `.`; no `--` or `..`; at most 96 characters a part. A part also starts with
   * a letter or digit, as the downloader requires.
   */
  private val PART = Regex("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?")

  /** What people copy from the browser's address bar; the id follows it. */
  private const val WEB_PREFIX = "https://huggingface.co/"

  /**
   * The `owner/name` id in [text], which may also be the repository's web address; null when it is
   * not a repository id the Hub could have.
   */
  fun parse(text: String): String? {
    val id = text.trim().removePrefix(WEB_PREFIX).trimEnd('/')
    val parts = id.split('/')
    if (parts.size != 2) return null
    val valid = parts.all { PART.matches(it) && "--" !in it && ".." !in it }
    return if (valid) id else null
  }
}
