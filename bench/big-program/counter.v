// The design of the big-program benchmark: a 16-bit counter with reset, enable and a wrap flag.
module counter(input clk, input rst, input en, output reg [15:0] count, output wrap);
  always @(posedge clk)
    if (rst) count <= 0;
    else if (en) count <= count + 1;
  assign wrap = &count;
endmodule
