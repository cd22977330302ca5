package app.lumen.app.models

import app.lumen.download.CatalogEntry
import org.junit.Assert.assertEquals
import org.junit.Test

class ModelRecommendationTest {
  private val gib = 1L shl 30

  /** Three runnable entries of 2, 4 and 8 GB RAM (one text-only) and one the engine cannot run. */
  private val catalog: List<CatalogEntry> =
    listOf(
      catalogEntry("big-vl", 8192, vision = true),
      catalogEntry("small-text", 2048, vision = false),
      catalogEntry("mid-vl", 4096, vision = true),
      catalogEntry("unsupported-tiny", 1024, vision = true, family = "qwen3_5"),
    )

  private val sizes = mapOf("big-vl" to 5 * gib, "mid-vl" to 3 * gib, "small-text" to gib)

  private val recommender =
    ModelRecommendation(runnable = { it.family() == "qwen3_vl" }, bytes = { sizes[it.id()] })

  private fun pick(ramGb: Long, freeGb: Long, lowRam: Boolean = false, photos: Boolean = true) =
    recommender.recommend(catalog, DeviceProfile(ramGb * gib, freeGb * gib, lowRam), photos)

  @Test
  fun aPhoneWithPlentyOfRamAndStorage_getsTheLargestVisionModel() {
    assertEquals(Recommendation.Pick(catalog[0]), pick(ramGb = 12, freeGb = 64))
  }

  @Test
  fun sixGigabytesOfRam_getsTheModelThatFits() {
    assertEquals(Recommendation.Pick(catalog[2]), pick(ramGb = 6, freeGb = 64))
  }

  @Test
  fun littleStorage_stepsDownToTheModelWhoseDownloadFitsWithAMargin() {
    // 5 GiB free: the 5 GiB model does not fit with the margin, the 3 GiB one does
    assertEquals(Recommendation.Pick(catalog[2]), pick(ramGb = 12, freeGb = 5))
  }

  @Test
  fun aLowRamPhone_getsTheSmallestRunnableModel_evenWhenMoreWouldFit() {
    assertEquals(
      Recommendation.Pick(catalog[1]),
      pick(ramGb = 12, freeGb = 64, lowRam = true, photos = false),
    )
  }

  @Test
  fun textOnlyUsers_canGetATextModel_butPhotoUsersNever() {
    assertEquals(Recommendation.Pick(catalog[1]), pick(ramGb = 3, freeGb = 64, photos = false))
    assertEquals(Recommendation.NoneFits(4096, 3 * gib), pick(ramGb = 3, freeGb = 64))
  }

  @Test
  fun aPhoneTooSmallForAnything_isToldWhatTheSmallestNeeds_neverOfferedAnUnsupportedModel() {
    assertEquals(Recommendation.NoneFits(2048, gib), pick(ramGb = 1, freeGb = 64, photos = false))
  }
}
