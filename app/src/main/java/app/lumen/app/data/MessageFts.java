package app.lumen.app.data;

import androidx.annotation.NonNull;
import androidx.room.Entity;
import androidx.room.Fts4;

/** Full-text index over message texts, kept in step with {@code messages} by Room's triggers. */
@Fts4(contentEntity = MessageEntity.class)
@Entity(tableName = "messages_fts")
public class MessageFts {
  @NonNull public String text = "";
}
