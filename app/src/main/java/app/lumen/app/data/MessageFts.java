package app.lumen.app.data;

import androidx.annotation.NonNull;
import androidx.annotation.Nullable;
import androidx.room.ColumnInfo;
import androidx.room.Entity;
import androidx.room.Fts4;
import androidx.room.FtsOptions;

/**
 * Full-text index over message texts, kept in step with {@code messages} by Room's triggers.
 *
 * <p>{@code unicode61} folds case and diacritics in every script (the default tokenizer only
 * lowercases ASCII). {@code remove_diacritics=1} works on every SQLite the app meets; the better
 * {@code =2} needs SQLite 3.27 (Android 11), and an older phone could not even create the table.
 * Chinese, Japanese and Korean are found through {@code search_text} (see {@link MessageSearch}).
 */
@Fts4(
    contentEntity = MessageEntity.class,
    tokenizer = FtsOptions.TOKENIZER_UNICODE61,
    tokenizerArgs = "remove_diacritics=1")
@Entity(tableName = "messages_fts")
public class MessageFts {
  @NonNull public String text = "";

  @Nullable
  @ColumnInfo(name = "search_text")
  public String searchText;
}
