/** A user's module: it reads the API of nufft4j's core; the SIMD module comes in as a service provider. */
module consumer {
    requires org.nufft4j.core;
}
