package app.lumen.app.camera

import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.SolidColor
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.graphics.vector.addPathNodes
import androidx.compose.ui.unit.dp

/**
 * The camera's icons, drawn from Material's 24-unit paths (the core icon set the app uses has no
 * camera, torch or eye; the extended set would add a large dependency for four icons).
 */
internal object CameraIcons {
  val Camera: ImageVector =
    icon(
      "Camera",
      "M12,12m-3.2,0a3.2,3.2 0,1 1,6.4 0a3.2,3.2 0,1 1,-6.4 0" +
        "M9,2L7.17,4H4c-1.1,0 -2,0.9 -2,2v12c0,1.1 0.9,2 2,2h16c1.1,0 2,-0.9 2,-2V6" +
        "c0,-1.1 -0.9,-2 -2,-2h-3.17L15,2H9zM12,17c-2.76,0 -5,-2.24 -5,-5s2.24,-5 5,-5 5,2.24 5,5" +
        " -2.24,5 -5,5z",
    )
  val TorchOn: ImageVector = icon("TorchOn", "M7,2v11h3v9l7,-12h-4l4,-8z")
  val TorchOff: ImageVector =
    icon(
      "TorchOff",
      "M3.27,3L2,4.27l5,5V13h3v9l3.58,-6.14L17.73,20 19,18.73 3.27,3zM17,10h-4l4,-8H7v2.18" +
        "l8.46,8.46L17,10z",
    )
  val Eye: ImageVector =
    icon(
      "Eye",
      "M12,4.5C7,4.5 2.73,7.61 1,12c1.73,4.39 6,7.5 11,7.5s9.27,-3.11 11,-7.5" +
        "c-1.73,-4.39 -6,-7.5 -11,-7.5zM12,17c-2.76,0 -5,-2.24 -5,-5s2.24,-5 5,-5 5,2.24 5,5" +
        " -2.24,5 -5,5zM12,9c-1.66,0 -3,1.34 -3,3s1.34,3 3,3 3,-1.34 3,-3 -1.34,-3 -3,-3z",
    )

  private fun icon(name: String, path: String): ImageVector =
    ImageVector.Builder(name, 24.dp, 24.dp, 24f, 24f)
      .addPath(addPathNodes(path), fill = SolidColor(Color.Black))
      .build()
}
