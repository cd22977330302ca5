package app.lumen.app.data;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.ForeignKey;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/** An image attached to a user message; the files live in app-private storage. */
@Entity(
    tableName = "attachments",
    foreignKeys =
        @ForeignKey(
            entity = MessageEntity.class,
            parentColumns = "id",
            childColumns = "message_id",
            onDelete = ForeignKey.CASCADE),
    indices = @Index("message_id"))
public class AttachmentEntity {
  @PrimaryKey(autoGenerate = true)
  public long id;

  @ColumnInfo(name = "message_id")
  public long messageId;

  /** Absolute path of the image inside the app's files folder. */
  @NonNull
  @ColumnInfo(name = "file_path")
  public String filePath = "";

  @Nullable
  @ColumnInfo(name = "thumbnail_path")
  public String thumbnailPath;

  public int width;

  public int height;

  /** How many image tokens the picture may take in the prompt (0 = the model's default). */
  @ColumnInfo(name = "token_budget")
  public int tokenBudget;

  public AttachmentEntity() {}
}
