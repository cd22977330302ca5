package app.lumen.app.data;

import static org.junit.Assert.assertEquals;

import android.content.Context;
import androidx.room.Room;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.util.List;
import java.util.stream.Collectors;
import kotlinx.coroutines.flow.FlowKt;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;

@RunWith(AndroidJUnit4.class)
public class ConversationDaoTest {
  private LumenDatabase db;
  private ConversationDao dao;

  @Before
  public void open() {
    Context context = ApplicationProvider.getApplicationContext();
    db =
        Room.inMemoryDatabaseBuilder(context, LumenDatabase.class).allowMainThreadQueries().build();
    dao = db.conversations();
  }

  @After
  public void close() {
    db.close();
  }

  @Test
  public void observeAll_listsMostRecentlyUpdatedFirst() throws Exception {
    long first = dao.insert(new ConversationEntity("first", 1_000));
    long second = dao.insert(new ConversationEntity("second", 2_000));
    assertEquals(List.of("second", "first"), titles());

    dao.rename(first, "first, renamed", 3_000);

    assertEquals(List.of("first, renamed", "second"), titles());
    assertEquals(1, dao.delete(second));
    assertEquals(List.of("first, renamed"), titles());
  }

  @Test
  public void delete_unknownId_changesNothing() throws Exception {
    dao.insert(new ConversationEntity("kept", 1_000));
    assertEquals(0, dao.delete(999));
    assertEquals(List.of("kept"), titles());
  }

  private List<String> titles() throws InterruptedException {
    List<ConversationEntity> rows =
        kotlinx.coroutines.BuildersKt.runBlocking(
            kotlin.coroutines.EmptyCoroutineContext.INSTANCE,
            (scope, continuation) -> FlowKt.first(dao.observeAll(), continuation));
    return rows.stream().map(c -> c.title).collect(Collectors.toList());
  }
}
