package app.lumen.testkit.reference;

import app.lumen.testkit.reference.OnnxInitializers.FloatTensor;
import java.util.Arrays;

/** The reference's plain loops over double arrays. */
final class Linalg {
  private Linalg() {}

  static double[][] linear(double[][] x, FloatTensor w) {
    int in = (int) w.dims()[0];
    int out = (int) w.dims()[1];
    float[] m = w.values();
    double[][] y = new double[x.length][out];
    for (int s = 0; s < x.length; s++) {
      if (x[s].length != in) {
        throw new IllegalArgumentException(
            "input width " + x[s].length + " does not match weight rows " + in);
      }
      for (int i = 0; i < in; i++) {
        double xi = x[s][i];
        for (int o = 0; o < out; o++) {
          y[s][o] += xi * m[i * out + o];
        }
      }
    }
    return y;
  }

  static double[][] add(double[][] a, double[][] b) {
    double[][] out = new double[a.length][];
    for (int s = 0; s < a.length; s++) {
      out[s] = new double[a[s].length];
      for (int i = 0; i < a[s].length; i++) {
        out[s][i] = a[s][i] + b[s][i];
      }
    }
    return out;
  }

  static double[][] concat(double[][] a, double[][] b) {
    double[][] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  static double[] toDouble(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i];
    }
    return out;
  }
}
