package app.lumen.app.data;

import androidx.annotation.NonNull;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.Index;
import androidx.room.PrimaryKey;

/** A chat as stored on the phone. */
@Entity(tableName = "conversations", indices = @Index("updated_at"))
public class ConversationEntity {
  @PrimaryKey(autoGenerate = true)
  public long id;

  @NonNull public String title = "";

  @ColumnInfo(name = "created_at")
  public long createdAtMillis;

  @ColumnInfo(name = "updated_at")
  public long updatedAtMillis;

  public ConversationEntity() {}

  public ConversationEntity(@NonNull String title, long createdAtMillis) {
    this.title = title;
    this.createdAtMillis = createdAtMillis;
    this.updatedAtMillis = createdAtMillis;
  }
}
