package org.nufft4j.bench;
public final class Runner { public static void main(String[] a) { System.out.println("java " + org.nufft4j.Hello.v() + " args=" + java.util.Arrays.toString(a)); } }
