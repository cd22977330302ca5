package app.lumen.app.data;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.ForeignKey;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/**
 * One message of a chat. Assistant messages carry the generation's figures; they are null for user
 * messages and for answers that have not finished.
 */
@Entity(
    tableName = "messages",
    foreignKeys =
        @ForeignKey(
            entity = ConversationEntity.class,
            parentColumns = "id",
            childColumns = "conversation_id",
            onDelete = ForeignKey.CASCADE),
    indices = @Index({"conversation_id", "created_at"}))
public class MessageEntity {
  @PrimaryKey(autoGenerate = true)
  public long id;

  @ColumnInfo(name = "conversation_id")
  public long conversationId;

  /** {@code user} or {@code assistant} (the system prompt lives on the conversation). */
  @NonNull public String role = "user";

  @NonNull public String text = "";

  /**
   * {@link #text} as the search index reads it, written by {@link MessageDao} with every text; null
   * when the text needs no second form ({@link MessageSearch#indexForm}).
   */
  @Nullable
  @ColumnInfo(name = "search_text")
  public String searchText;

  @Nullable public String thinking;

  @NonNull public MessageStatus status = MessageStatus.COMPLETE;

  @Nullable public String error;

  /** Why the answer ended ({@code stop_token}, {@code max_tokens}, {@code context_full}, …). */
  @Nullable
  @ColumnInfo(name = "finish_reason")
  public String finishReason;

  @ColumnInfo(name = "created_at")
  public long createdAtMillis;

  @Nullable
  @ColumnInfo(name = "ttft_ms")
  public Double ttftMillis;

  @Nullable
  @ColumnInfo(name = "prefill_tps")
  public Double prefillTokensPerSecond;

  @Nullable
  @ColumnInfo(name = "decode_tps")
  public Double decodeTokensPerSecond;

  @Nullable
  @ColumnInfo(name = "image_encode_ms")
  public Double imageEncodeMillis;

  @Nullable
  @ColumnInfo(name = "prompt_tokens")
  public Integer promptTokens;

  @Nullable
  @ColumnInfo(name = "generated_tokens")
  public Integer generatedTokens;

  /** The execution provider that ran the graphs ({@code cpu}, {@code xnnpack}, …). */
  @Nullable public String backend;

  /** Why the requested provider did not run them (it fell back to {@link #backend}); else null. */
  @Nullable
  @ColumnInfo(name = "backend_fallback")
  public String backendFallback;

  public MessageEntity() {}
}
