# SPDX-License-Identifier: MIT
# Plots of `make bench` (tb/bench/bench.mk): throughput vs frame size per scenario with the
# 10 GbE line-rate curve. Usage: gnuplot -e "dir='build/bench'" tb/bench/plots.gp
# Reads DIR/{tx,rx,vf2vf}.dat (written by the bench binary), writes DIR/{tx,rx,vf2vf}.png and
# DIR/tx-mpps.png.
if (!exists("dir")) dir = "build/bench"
set terminal pngcairo size 900,560 font ",11"
set logscale x 2
set xrange [56:10000]
set xtics (64, 128, 256, 512, 1024, 1518, 9018)
set xlabel "frame size on the wire incl. FCS (bytes)"
set grid
set key bottom right autotitle columnhead
do for [s in "tx rx vf2vf"] {
  f = dir."/".s.".dat"
  if (system("test -s ".f." && echo y") eq "y") {
    n = (int(system("awk 'NR==2{print NF}' ".f)) - 3) / 2
    set output dir."/".s.".png"
    set ylabel "throughput (Gb/s of frame bytes incl. FCS)"
    set yrange [0:*]
    set title (s eq "tx" ? "TX (host to wire)" : s eq "rx" ? "RX (wire to host, round robin over the VFs)" : "VF to VF through the VEB (pairs)")." at 156.25 MHz, 64-bit datapath"
    plot f u 1:2 w l lw 2 dt 2 lc rgb "black", \
         for [i=0:n-1] f u 1:(column(4 + 2*i)) w lp lw 2 pt 7+i t columnhead(4 + 2*i)
    if (s eq "tx") {
      set output dir."/tx-mpps.png"
      set ylabel "frames per second (Mpps)"
      set logscale y 10
      set yrange [0.1:20]
      set title "TX frame rate"
      plot f u 1:3 w l lw 2 dt 2 lc rgb "black", \
           for [i=0:n-1] f u 1:(column(5 + 2*i)) w lp lw 2 pt 7+i t columnhead(4 + 2*i)
      unset logscale y
    }
  }
}
