package app.lumen.app.data;

import androidx.room.Dao;
import androidx.room.Insert;
import androidx.room.Query;
import java.util.List;
import kotlinx.coroutines.flow.Flow;

/** Image attachments of messages. */
@Dao
public interface AttachmentDao {
  @Insert
  long insert(AttachmentEntity attachment);

  @Query("SELECT * FROM attachments WHERE message_id = :messageId ORDER BY id")
  List<AttachmentEntity> forMessage(long messageId);

  @Query(
      "SELECT a.* FROM attachments a JOIN messages m ON a.message_id = m.id"
          + " WHERE m.conversation_id = :conversationId ORDER BY a.id")
  List<AttachmentEntity> forConversation(long conversationId);

  @Query(
      "SELECT a.* FROM attachments a JOIN messages m ON a.message_id = m.id"
          + " WHERE m.conversation_id = :conversationId ORDER BY a.id")
  Flow<List<AttachmentEntity>> observeForConversation(long conversationId);

  @Query(
      "SELECT a.* FROM attachments a JOIN messages m ON a.message_id = m.id"
          + " WHERE m.conversation_id = :conversationId AND m.id > :messageId")
  List<AttachmentEntity> after(long conversationId, long messageId);

  /** Every file a message refers to: pictures and their thumbnails. */
  @Query(
      "SELECT file_path FROM attachments"
          + " UNION SELECT thumbnail_path FROM attachments WHERE thumbnail_path IS NOT NULL")
  List<String> allFilePaths();
}
