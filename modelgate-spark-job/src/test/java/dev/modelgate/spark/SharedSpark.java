package dev.modelgate.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for every test class (surefire runs them in one JVM): starting Spark
 * costs seconds, a job on it a fraction of one. Two task threads, so tests see concurrent tasks.
 * {@code mgtest://} is a real Hadoop file system (the local one under another scheme) that is not
 * {@code file:}, so the code paths for HDFS and object stores run here; HDFS and S3 themselves
 * cannot run on this machine.
 */
final class SharedSpark {
  private static SparkSession spark;

  private SharedSpark() {}

  static synchronized SparkSession session() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("modelgate-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.hadoop.fs.mgtest.impl", TestFileSystem.class.getName())
          .config("spark.hadoop.fs.mgtest.impl.disable.cache", "true")
          .getOrCreate();
    }
    return spark;
  }
}
