import keras
from tensorflow import keras as tfk
import tensorflow as tf

m = keras.models.load_model("model.keras", safe_mode=False)  # expect: py.keras-unsafe
m = tfk.models.load_model("model.keras", safe_mode=False)  # expect: py.keras-unsafe
m = tf.keras.saving.load_model("model.keras", compile=False, safe_mode=False)  # expect: py.keras-unsafe
keras.config.enable_unsafe_deserialization()  # expect: py.keras-unsafe
