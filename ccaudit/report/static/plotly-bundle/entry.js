// plotly.js core and only the trace types ccaudit's reports draw (ccaudit/report/plots).
var Plotly = require('plotly.js/lib/core');
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/sankey'),
]);
module.exports = Plotly;
