/**
 * Italian first names (the most frequent given names of residents, ISTAT lists of births and of the population,
 * plus names frequent among residents born abroad). Used to recognise a name with no cue word ("Lucia ha
 * chiamato"); the requester's own names come from the requester record.
 */
export const ITALIAN_FIRST_NAMES: readonly string[] = `
Adele Adriana Adriano Agata Agnese Agostino Alberto Alba Alberta Alda Aldo Alessandra Alessandro Alessia Alessio
Alfonso Alfredo Alice Alida Amalia Ambra Amedeo Andrea Angela Angelo Angelica Anita Anna Annalisa Annamaria
Antonella Antonietta Antonio Antonino Arianna Armando Arturo Assunta Attilio Aurora Azzurra Beatrice Benedetta
Benedetto Bianca Bruna Bruno Camilla Carla Carlo Carmela Carmelo Carmen Carolina Caterina Cecilia Cesare Chiara
Christian Cinzia Ciro Clara Claudia Claudio Concetta Corrado Cosimo Cristian Cristiana Cristina Cristiano Daniela
Daniele Dario Davide Debora Denis Diego Dino Domenico Donatella Donato Edoardo Elena Eleonora Elia Elisa Elisabetta
Emanuela Emanuele Emilia Emiliano Emilio Emma Enrica Enrico Enzo Erica Ermanno Ernesto Ettore Eugenio Fabiana
Fabio Fabrizio Federica Federico Filippo Fiorella Flavia Flavio Francesca Francesco Franca Gabriele Gabriella
Gaetano Gaia Giacomo Gianluca Gianna Gianni Giada Gino Gioele Giorgia Giorgio Giovanna Giovanni Girolamo Gisella
Giulia Giuliana Giuliano Giulio Giuseppe Giuseppina Gloria Graziella Guido Ilaria Ilenia Irene Isabella Ivan Ivana
Ivo Jacopo Laura Lara Leonardo Letizia Lia Liliana Lina Linda Lisa Livia Lorena Lorenzo Loredana Luana Luca Lucia
Luciana Luciano Ludovica Luigi Luigia Luisa Manuel Manuela Marcella Marcello Marco Margherita Maria Mariangela
Marianna Mariano Marilena Marina Mario Marisa Marta Martina Massimiliano Massimo Matilde Matteo Mattia Maurizio
Mauro Michela Michele Milena Mirella Mirko Monica Nadia Natalia Nicola Nicole Nicolò Noemi Nunzia Ornella Orazio
Ottavio Paola Paolo Pasquale Patrizia Patrizio Pietro Piero Pierluigi Pina Raffaele Raffaella Renata Renato Riccardo
Rita Roberta Roberto Rocco Romano Romina Rosalba Rosanna Rosaria Rosario Rossella Ruggero Sabrina Salvatore Samuele
Sandra Sandro Sara Sebastiano Sergio Silvana Silvia Silvio Simona Simone Sofia Stefania Stefano Teresa Tiziana
Tiziano Tommaso Ugo Umberto Valentina Valentino Valeria Valerio Vanessa Vincenzo Viola Virginia Vito Vittoria
Vittorio Walter Zaira Gennaro Carmine Saverio Nunzio Gaspare Calogero Ludovico Lorenza Giacinto Oreste Osvaldo
Rodolfo Nicoletta Veronica Barbara Samantha Jessica Katia Sonia Tatiana Filomena Annunziata Immacolata Loretta
Ornella Rosetta Teodoro Tullio Valter Gualtiero Aldo Ahmed Mohamed Fatima Ana Elena Ion Ioana Olga Irina Natalia Oksana Yuri Li Wei Jin Omar Aisha
Samir Karim Youssef Amina Priya Raj Ali Hassan Andrei Mihai Gheorghe Vasile Elvira Giancarlo Gianfranco Pierpaolo
Mohammed Muhammad Mustafa Ibrahim Khadija Rachid Hamza Ayoub Yassine Bilal Mamadou Moussa Fatou Aminata Ousmane
Abdoulaye Cheikh Chinedu Oluwaseun Ioan Florin Constantin Mariana Alina Gabriela Viorica Adrian Marius Bogdan Stefan
Dmytro Svetlana Piotr Marek Arben Besnik Elton Erion Valbona Blerina Luis Carlos Jorge Juan Jose Sandeep Harpreet
Gurpreet Ming Mei Xiao Hui Lin Kevin Alex Nicolas Thomas Samuel Gabriel Joel Emily Kristian Erik Denise Jennifer
Michael John Mark
`
  .split(/\s+/)
  .filter(Boolean);

/**
 * First names that are also ordinary words, places or saints' names in Italian text ("la rosa", "Santa Maria",
 * "Pace"). Recognised as names only with a surname after them or a cue before them.
 */
export const AMBIGUOUS_FIRST_NAMES: readonly string[] = [
  'Rosa',
  'Serena',
  'Franco',
  'Celeste',
  'Marina',
  'Stella',
  'Speranza',
  'Gioia',
  'Fortunato',
  'Pace',
  'Viola',
  'Aurora',
  'Gloria',
  'Vittoria',
  'Ambra',
  'Alba',
  'Clemente',
  'Felice',
  'Benedetto',
  'Maria',
  'Ana',
  'Li',
  'Ion',
  'Ali',
  'Lia',
  'Ivo',
  'Ugo',
  'Elia',
  'Lisa',
  'Linda',
  'Mattia',
  'Diego',
  'Grazia',
  'Bianca',
  'Dante',
  'Primo',
  'Costante',
  'Modesto',
  'Lin',
  'Mei',
];
