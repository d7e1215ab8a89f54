The seed article: 1 headline, 1 caption (printed twice on the page), 6 paragraphs, the VOA News
byline, the tagline, "USA" as section metadata, and no page chrome.
%%NEEDS
shared
%%ARGS
import $SHARED/articles/obama-putin-call.txt
%%STDOUT
<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" xml:lang="en" dir="ltr">
  <head>
    <title>Obama, Putin Discuss World Hot Spots in Phone Call</title>
    <docdata>
      <doc-id id-string="obama-putin-discuss-world-hot-spots-in-phone-call"/>
    </docdata>
    <pubdata type="web" position.section="USA"/>
  </head>
  <body>
    <body.head>
      <hedline>
        <hl1 id="hl1">Obama, Putin Discuss World Hot Spots in Phone Call</hl1>
      </hedline>
      <byline id="by1">VOA News</byline>
    </body.head>
    <body.content>
      <media media-type="image">
        <media-caption id="cap1">FILE - An official White House photograph released on September 27, 2013, shows President Barack Obama talking on the phone in the Oval Office.</media-caption>
      </media>
      <p id="p1">U.S. President Barack Obama spoke by telephone with Russian President Vladimir Putin Wednesday about the situation in Syria and the importance of Russia pressing the Syrian regime for a lasting halt to attacks against civilians and groups agreeing to a cessation of hostilities.</p>
      <p id="p2">The White House said the two presidents confirmed their commitment to defeating Islamic State and the al-Nusrah Front, the Syria-based al-Qaida affiliate. President Obama also emphasized the need for progress on a political transition in Syria as a means of ending the conflict. He also pushed for sustained access to humanitarian aid for victims of the conflict.</p>
      <p id="p3">The Kremlin said Wednesday that Obama and Putin agreed to "intensify" military coordination between their two militaries in Syria.</p>
      <p id="p4">Obama and Putin also discussed the conflict in Ukraine. Obama urged Putin to take steps to end the escalation in fighting in eastern Ukraine. Obama also spoke with urgency about the importance of moving forward with "full implementation" of the Minsk agreements aimed at ending the conflict.</p>
      <p id="p5">They also discussed Putin's recent meetings with President Ilham Aliyev of Azerbaijan and President Serzh Sargsian of Armenia on the Nagorno-Karabakh conflict. The White House said President Obama expressed his readiness to intensify efforts together with Russia and France to achieve a comprehensive settlement to the conflict.</p>
      <p id="p6">Along with the U.S. and Russia, France is a co-chair of the Minsk Group of the Organization for Security and Cooperation in Europe. The Minsk Group spearheads the effort to find a peaceful solution to the ethnic and territorial dispute over the Nagorno-Karabakh region in Azerbaijan.</p>
    </body.content>
    <body.end>
      <tagline id="tag1">The Voice of America provides news and information in more than 40 languages to an estimated weekly audience of over 326 million people. Stories with the VOA News byline are the work of multiple VOA journalists and may contain information from wire service reports.</tagline>
    </body.end>
  </body>
</nitf>
