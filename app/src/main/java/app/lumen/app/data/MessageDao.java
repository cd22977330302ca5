package app.lumen.app.data;

import androidx.annotation.Nullable;
import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.Query;
import androidx.room.Update;
import java.util.List;
import kotlinx.coroutines.flow.Flow;

/** Messages of a conversation, in the order they were written (ids grow). */
@Dao
public interface MessageDao {
  @Insert
  long insert(MessageEntity message);

  @Update
  int update(MessageEntity message);

  @Query("SELECT * FROM messages WHERE conversation_id = :conversationId ORDER BY id")
  Flow<List<MessageEntity>> observe(long conversationId);

  @Query("SELECT * FROM messages WHERE conversation_id = :conversationId ORDER BY id")
  List<MessageEntity> list(long conversationId);

  @Nullable
  @Query("SELECT * FROM messages WHERE id = :id")
  MessageEntity get(long id);

  /**
   * Saves the text streamed so far. Only touches rows still streaming, so a late checkpoint never
   * overwrites a finished answer.
   */
  @Query(
      "UPDATE messages SET text = :text, thinking = :thinking"
          + " WHERE id = :id AND status = 'STREAMING'")
  int checkpoint(long id, String text, @Nullable String thinking);

  /** At start-up: answers the previous process left streaming can no longer finish. */
  @Query("UPDATE messages SET status = 'INTERRUPTED' WHERE status = 'STREAMING'")
  int markStreamingInterrupted();

  @Query("UPDATE messages SET text = :text WHERE id = :id")
  int updateText(long id, String text);

  /** Removes every message after {@code messageId} in its conversation (regenerate, edit). */
  @Query("DELETE FROM messages WHERE conversation_id = :conversationId AND id > :messageId")
  int deleteAfter(long conversationId, long messageId);

  @Query("DELETE FROM messages WHERE id = :id")
  int delete(long id);
}
