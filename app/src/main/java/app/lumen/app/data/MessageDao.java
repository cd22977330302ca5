package app.lumen.app.data;

import androidx.annotation.Nullable;
import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.Query;
import androidx.room.Update;
import java.util.List;
import kotlinx.coroutines.flow.Flow;

/**
 * Messages of a conversation, in the order they were written (ids grow). Every write of a text also
 * writes its {@link MessageSearch#indexForm search form}, so the index never falls behind.
 */
@Dao
public abstract class MessageDao {
  public long insert(MessageEntity message) {
    message.searchText = MessageSearch.indexForm(message.text);
    return insertRow(message);
  }

  public int update(MessageEntity message) {
    message.searchText = MessageSearch.indexForm(message.text);
    return updateRow(message);
  }

  @Query("SELECT * FROM messages WHERE conversation_id = :conversationId ORDER BY id")
  public abstract Flow<List<MessageEntity>> observe(long conversationId);

  @Query("SELECT * FROM messages WHERE conversation_id = :conversationId ORDER BY id")
  public abstract List<MessageEntity> list(long conversationId);

  @Nullable
  @Query("SELECT * FROM messages WHERE id = :id")
  public abstract MessageEntity get(long id);

  /**
   * Saves the text streamed so far. Only touches rows still streaming, so a late checkpoint never
   * overwrites a finished answer.
   */
  public int checkpoint(long id, String text, @Nullable String thinking) {
    return checkpointRow(id, text, MessageSearch.indexForm(text), thinking);
  }

  /** At start-up: answers the previous process left streaming can no longer finish. */
  @Query("UPDATE messages SET status = 'INTERRUPTED' WHERE status = 'STREAMING'")
  public abstract int markStreamingInterrupted();

  public int updateText(long id, String text) {
    return updateTextRow(id, text, MessageSearch.indexForm(text));
  }

  /** Removes every message after {@code messageId} in its conversation (regenerate, edit). */
  @Query("DELETE FROM messages WHERE conversation_id = :conversationId AND id > :messageId")
  public abstract int deleteAfter(long conversationId, long messageId);

  @Query("DELETE FROM messages WHERE id = :id")
  public abstract int delete(long id);

  @Insert
  protected abstract long insertRow(MessageEntity message);

  @Update
  protected abstract int updateRow(MessageEntity message);

  @Query(
      "UPDATE messages SET text = :text, search_text = :searchText, thinking = :thinking"
          + " WHERE id = :id AND status = 'STREAMING'")
  protected abstract int checkpointRow(
      long id, String text, @Nullable String searchText, @Nullable String thinking);

  @Query("UPDATE messages SET text = :text, search_text = :searchText WHERE id = :id")
  protected abstract int updateTextRow(long id, String text, @Nullable String searchText);
}
