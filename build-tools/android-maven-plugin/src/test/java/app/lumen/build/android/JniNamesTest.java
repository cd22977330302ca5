package app.lumen.build.android;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

/** The JNI specification's name mangling ("Resolving Native Method Names", table 2-1). */
public class JniNamesTest {
  @Test
  public void plainName_andOverloadedLongForm() {
    assertEquals(
        List.of(
            "Java_ai_onnxruntime_OrtSession_run",
            "Java_ai_onnxruntime_OrtSession_run__JJ_3Ljava_lang_String_2"),
        JniNames.of("ai/onnxruntime/OrtSession", "run", "(JJ[Ljava/lang/String;)V"));
  }

  @Test
  public void underscoresDollarsAndNonAscii_areEscaped() {
    assertEquals(
        "Java_a_b_1c_Outer_00024Inner_m_1x", JniNames.of("a/b_c/Outer$Inner", "m_x", "()V").get(0));
    assertEquals("Java_p_C_f_000e9", JniNames.of("p/C", "f\u00e9", "()V").get(0));
  }
}
