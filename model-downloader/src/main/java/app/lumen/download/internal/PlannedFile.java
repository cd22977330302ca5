package app.lumen.download.internal;

import okhttp3.HttpUrl;

/**
 * One file to fetch, with everything known in advance about its content.
 *
 * @param name relative path inside the package (or file name) used in messages and progress
 * @param size expected size or -1
 * @param sha256 expected SHA-256 hex or null
 * @param gitSha1 expected git blob SHA-1 hex or null (Hugging Face non-LFS files)
 * @param trustHubHeaders whether the origin response's {@code X-Linked-Etag}/{@code ETag} may
 *     supply the digest (Hugging Face resolve URLs only)
 * @param requireDigest whether a file without any known digest must be refused (package files)
 */
public record PlannedFile(
    String name,
    HttpUrl url,
    long size,
    String sha256,
    String gitSha1,
    boolean trustHubHeaders,
    boolean requireDigest) {}
