package app.lumen.app.data;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/**
 * A chat as stored on the phone. The model id, system prompt and settings are a snapshot taken when
 * the chat started, so an old chat still says which model and settings produced it.
 */
@Entity(tableName = "conversations", indices = @Index("updated_at"))
public class ConversationEntity {
  @PrimaryKey(autoGenerate = true)
  public long id;

  @NonNull public String title = "";

  @ColumnInfo(name = "created_at")
  public long createdAtMillis;

  @ColumnInfo(name = "updated_at")
  public long updatedAtMillis;

  /** The package id of the model that answered, or null before the first answer. */
  @Nullable
  @ColumnInfo(name = "model_id")
  public String modelId;

  @Nullable
  @ColumnInfo(name = "system_prompt")
  public String systemPrompt;

  /** Sampling and generation settings as JSON ({@code GenerationSettings}). */
  @Nullable
  @ColumnInfo(name = "settings_json")
  public String settingsJson;

  public ConversationEntity() {}

  public ConversationEntity(@NonNull String title, long createdAtMillis) {
    this.title = title;
    this.createdAtMillis = createdAtMillis;
    this.updatedAtMillis = createdAtMillis;
  }
}
