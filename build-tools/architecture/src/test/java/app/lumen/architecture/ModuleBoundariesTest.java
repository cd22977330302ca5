package app.lumen.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Module boundaries, checked on the compiled main and test classes of every module: an {@code
 * internal} package is used only by the module that holds it, and the pure-Java modules use no
 * Android API.
 */
public class ModuleBoundariesTest {
  private static LumenModules modules;

  @BeforeClass
  public static void readClasses() {
    modules = LumenModules.read(LumenModules.repositoryRoot());
  }

  @Test
  public void everyReactorModule_isReadOrListedAsNotChecked() throws Exception {
    List<String> unknown = new ArrayList<>();
    for (String module : modules.reactorModules()) {
      boolean known =
          LumenModules.PURE_JAVA.contains(module)
              || module.equals(LumenModules.APP)
              || LumenModules.NOT_CHECKED.containsKey(module);
      if (!known) {
        unknown.add(module);
      }
    }
    assertEquals("reactor modules missing from LumenModules", List.of(), unknown);
    assertTrue(
        "the root pom must list " + LumenModules.APP,
        modules.reactorModules().contains(LumenModules.APP));
  }

  @Test
  public void everyModuleRead_hasClasses() {
    for (Map.Entry<String, JavaClasses> module : modules.classes().entrySet()) {
      assertFalse(module.getKey() + " has no compiled classes", module.getValue().isEmpty());
    }
  }

  @Test
  public void internalPackages_areHeldByOneModule() {
    Map<String, String> owner = new HashMap<>();
    List<String> shared = new ArrayList<>();
    for (String module : modules.classes().keySet()) {
      for (String internal : modules.internalPackagesOf(module)) {
        String first = owner.putIfAbsent(internal, module);
        if (first != null) {
          shared.add(internal + " in " + first + " and " + module);
        }
      }
    }
    assertEquals(List.of(), shared);
  }

  @Test
  public void modules_useNoOtherModulesInternalPackages() {
    for (Map.Entry<String, JavaClasses> module : modules.classes().entrySet()) {
      Set<String> own = modules.internalPackagesOf(module.getKey());
      noClasses()
          .should()
          .dependOnClassesThat(internalPackageNotIn(own))
          .as("classes of " + module.getKey() + " should use no other module's internal package")
          .because("internal packages are implementation; other modules use the public API")
          .check(module.getValue());
    }
  }

  @Test
  public void pureJavaModules_useNoAndroidApi() {
    for (String module : LumenModules.PURE_JAVA) {
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("android..", "androidx..", "dalvik..")
          .as("classes of " + module + " should use no Android API")
          .because("the module runs on the desktop too; Android types stay in the app")
          .check(modules.classes().get(module));
    }
  }

  @Test
  public void internalRoot_isThePackageUpToItsInternalSegment() {
    assertEquals(
        "app.lumen.inference.model.internal",
        LumenModules.internalRoot("app.lumen.inference.model.internal").orElseThrow());
    assertEquals(
        "app.lumen.vision.internal",
        LumenModules.internalRoot("app.lumen.vision.internal.resize").orElseThrow());
    assertTrue(LumenModules.internalRoot("app.lumen.internals.x").isEmpty());
    assertTrue(LumenModules.internalRoot("com.android.apksig.internal.apk").isEmpty());
  }

  private static DescribedPredicate<JavaClass> internalPackageNotIn(Set<String> own) {
    return DescribedPredicate.describe(
        "reside in an internal package other than " + own,
        c ->
            LumenModules.internalRoot(c.getPackageName()).map(p -> !own.contains(p)).orElse(false));
  }
}
